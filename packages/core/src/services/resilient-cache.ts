import { isAdapterError } from '../errors.js';
import type { CacheValue, ICacheAdapter } from '../ports/cache.js';
import type { Logger } from '../ports/logger.js';

/** What a ReadThroughCache counts since start. */
export interface ReadThroughStats {
  /** Reads served from the cache. */
  hits: number;
  /** Reads the cache missed, computed from the source of truth and stored. */
  misses: number;
  /** Reads that bypassed the cache because it failed, computed from the source of truth. */
  errors: number;
  /** Invalidations the cache failed; their entries expire by TTL. */
  invalidationErrors: number;
}

/**
 * Reads through the cache but never lets it fail the caller: when the cache errors, the value is
 * computed from the source of truth. Failures are counted (`stats`), not logged per call: a cache
 * that goes away says so once, through its circuit breaker, so an outage cannot flood the log.
 * A failed invalidation is logged (one line, no stack): its entries then expire by TTL.
 */
export class ReadThroughCache {
  /** Reads and invalidations since start, by outcome. */
  readonly stats: ReadThroughStats = { hits: 0, misses: 0, errors: 0, invalidationErrors: 0 };

  constructor(
    private readonly cache: ICacheAdapter,
    private readonly logger: Logger,
  ) {}

  /** The cached value of `key`, or `compute()`'s, which is stored for `ttlSeconds` when the cache works. */
  async getOrCompute<T extends CacheValue>(
    key: string,
    compute: () => Promise<T>,
    ttlSeconds: number,
  ): Promise<T> {
    let computed = false;
    const tracked = async (): Promise<T> => {
      computed = true;
      return compute();
    };
    try {
      const value = await this.cache.getOrSet(key, tracked, ttlSeconds);
      if (computed) this.stats.misses++;
      else this.stats.hits++;
      return value;
    } catch (error) {
      if (computed && !isAdapterError(error)) throw error;
      this.stats.errors++;
      return compute();
    }
  }

  /** Drops `keys` and every key under `prefixes`; a cache failure is logged and counted, never thrown. */
  async invalidate(keys: string[], prefixes: string[] = []): Promise<void> {
    try {
      await Promise.all([
        ...keys.map((key) => this.cache.delete(key)),
        ...prefixes.map((p) => this.cache.deleteByPrefix(p)),
      ]);
    } catch (error) {
      this.stats.invalidationErrors++;
      this.logger.warn(
        {
          keys,
          prefixes,
          cache: this.cache.name,
          error: error instanceof Error ? error.message : String(error),
        },
        'cache invalidation failed; entries expire by TTL',
      );
    }
  }
}
