import {
  AdapterError,
  cacheJson,
  cacheTtlSeconds,
  createSingleFlight,
  measureHealth,
  requireWholeOption,
} from '@bharatmart/core';
import type { CacheValue, ICacheAdapter, Logger } from '@bharatmart/core';
import { openRedisConnection } from './redis-connection.js';

/** Options of the Redis cache (also OCI Cache, which speaks the Redis protocol over TLS). */
export interface RedisCacheOptions {
  /**
   * `redis://[user:password@]host:port[/db]`, or `rediss://…` for TLS (OCI Cache's endpoint).
   * Never logged by this adapter.
   */
  url: string;
  /**
   * Prepended to every key, so several deployments can share one Redis; callers never see it.
   * Default `bharatmart:`.
   */
  keyPrefix?: string;
  /** TTL in whole seconds for `set` / `getOrSet` calls that give none. Default 300. */
  defaultTtlSeconds?: number;
  /** Longest wait for one Redis command, in milliseconds, before it fails. Default 500. */
  commandTimeoutMs?: number;
  /** Longest wait for the TCP (and TLS) connection to be established, in milliseconds. Default 1000. */
  connectTimeoutMs?: number;
  /** Connect with TLS even when `url` says `redis://`; `rediss://` implies it. Default false. */
  tls?: boolean;
  /** Receives connection changes (lost, restored, each logged once) and failed cache writes. */
  logger?: Logger;
}

const NAME = 'redis';
/** Keys asked for per SCAN step and removed per UNLINK. */
const SCAN_BATCH = 500;

/**
 * A cache in Redis (ioredis), named `redis`. Values are stored as JSON text under
 * `<keyPrefix><key>` with `SET … EX`. Every failure to reach Redis (refused, timed out, connection
 * lost) is an `AdapterError` coded `UNAVAILABLE`, raised within `commandTimeoutMs` once connected
 * (the first call may also wait up to `connectTimeoutMs` for the connection): commands are never
 * queued while Redis is away. `deleteByPrefix` walks the keys with SCAN and removes them with
 * UNLINK in batches of 500, never KEYS. `getOrSet` coalesces concurrent misses of this process
 * (single flight); when storing the computed value fails, the value is still returned and the
 * failure logged. Serves a standalone Redis or a non-sharded OCI Cache cluster's endpoint, not
 * Redis Cluster. A TTL that is not a whole number ≥ 1 throws a RangeError, a value without a JSON
 * form a TypeError, before Redis is called. `close()` quits, then disconnects; later calls throw
 * `UNAVAILABLE`.
 */
export function createRedisCache(options: RedisCacheOptions): ICacheAdapter {
  const keyPrefix = options.keyPrefix ?? 'bharatmart:';
  const defaultTtl = options.defaultTtlSeconds ?? 300;
  const commandTimeoutMs = options.commandTimeoutMs ?? 500;
  const connectTimeoutMs = options.connectTimeoutMs ?? 1000;
  if (!options.url) throw new AdapterError(NAME, 'MISCONFIGURED', 'url is required');
  requireWholeOption(NAME, 'defaultTtlSeconds', defaultTtl);
  requireWholeOption(NAME, 'commandTimeoutMs', commandTimeoutMs);
  requireWholeOption(NAME, 'connectTimeoutMs', connectTimeoutMs);

  const { client, connected } = openRedisConnection({
    url: options.url,
    commandTimeoutMs,
    connectTimeoutMs,
    tls: options.tls ?? false,
    logger: options.logger,
  });
  const flights = createSingleFlight();
  let closing: Promise<void> | undefined;

  /** Runs Redis commands, turning every failure into AdapterError UNAVAILABLE. */
  const redis = async <T>(what: string, commands: () => Promise<T>): Promise<T> => {
    if (closing) throw new AdapterError(NAME, 'UNAVAILABLE', 'cache is closed');
    try {
      await connected();
      return await commands();
    } catch (error) {
      throw new AdapterError(NAME, 'UNAVAILABLE', `${what} failed: ${messageOf(error)}`, { cause: error });
    }
  };

  const read = (key: string): Promise<string | null> => redis('GET', () => client.get(keyPrefix + key));

  const write = async (key: string, json: string, ttl: number): Promise<void> => {
    await redis('SET', () => client.set(keyPrefix + key, json, 'EX', ttl));
  };

  const ttlOf = (ttlSeconds: number | undefined): number => cacheTtlSeconds(ttlSeconds, defaultTtl);

  return {
    name: NAME,

    async get<T extends CacheValue>(key: string): Promise<T | undefined> {
      const json = await read(key);
      return json === null ? undefined : (JSON.parse(json) as T);
    },

    async set(key: string, value: CacheValue, ttlSeconds?: number): Promise<void> {
      const ttl = ttlOf(ttlSeconds);
      await write(key, cacheJson(value), ttl);
    },

    async delete(key: string): Promise<void> {
      await redis('UNLINK', () => client.unlink(keyPrefix + key));
    },

    deleteByPrefix: (prefix) =>
      redis('SCAN/UNLINK', async () => {
        const pattern = `${escapeGlob(keyPrefix + prefix)}*`;
        let cursor = '0';
        let removed = 0;
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
          cursor = next;
          if (keys.length > 0) removed += await client.unlink(...keys);
        } while (cursor !== '0');
        return removed;
      }),

    async getOrSet<T extends CacheValue>(
      key: string,
      compute: () => Promise<T>,
      ttlSeconds?: number,
    ): Promise<T> {
      const ttl = ttlOf(ttlSeconds);
      const hit = await read(key);
      if (hit !== null) return JSON.parse(hit) as T;
      const json = await flights.run(key, async () => {
        // A flight that finished between our miss and this run has already stored the value.
        const stored = await read(key);
        if (stored !== null) return stored;
        const computed = cacheJson(await compute());
        await write(key, computed, ttl).catch((error: unknown) =>
          options.logger?.warn({ err: error, cache: NAME }, 'could not store a computed value'),
        );
        return computed;
      });
      // Each caller parses its own copy, so callers sharing one computation share no objects.
      return JSON.parse(json) as T;
    },

    health: () => measureHealth(() => redis('PING', () => client.ping())),

    close(): Promise<void> {
      closing ??= (async () => {
        if (client.status === 'ready') await client.quit().catch(() => undefined);
        client.disconnect();
      })();
      return closing;
    },
  };
}

/** Escapes the characters SCAN MATCH treats as a glob, so a prefix matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
