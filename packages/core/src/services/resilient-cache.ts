import { isAdapterError } from '../errors.js';
import type { CacheValue, ICacheAdapter } from '../ports/cache.js';
import type { Logger } from '../ports/logger.js';

/**
 * Reads through the cache but never lets it fail the caller: when the cache errors, the value is
 * computed from the source of truth and the failure is logged. Invalidation failures are logged too;
 * the entry then expires by its TTL.
 */
export class ReadThroughCache {
  /** Reads since start: served from the cache, computed on a miss, or bypassed on a cache error. */
  readonly stats = { hits: 0, misses: 0, errors: 0 };

  constructor(
    private readonly cache: ICacheAdapter,
    private readonly logger: Logger,
  ) {}

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
      this.logger.warn(
        { err: error, key, cache: this.cache.name },
        'cache unavailable, reading from the database',
      );
      return compute();
    }
  }

  async invalidate(keys: string[], prefixes: string[] = []): Promise<void> {
    try {
      await Promise.all([
        ...keys.map((key) => this.cache.delete(key)),
        ...prefixes.map((p) => this.cache.deleteByPrefix(p)),
      ]);
    } catch (error) {
      this.logger.warn(
        { err: error, keys, prefixes, cache: this.cache.name },
        'cache invalidation failed; entries expire by TTL',
      );
    }
  }
}
