import { AdapterError, defineCache, requireWholeOption } from '@bharatmart/core';
import type { ICacheAdapter, Logger } from '@bharatmart/core';
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
  /**
   * PEM of the CA(s) the server's certificate must chain to, instead of Node's bundled CAs (and
   * NODE_EXTRA_CA_CERTS); implies `tls`. The certificate must name the URL's host either way.
   */
  tlsCa?: string;
  /**
   * When the circuit breaker in front of Redis opens and tries again (see `defineCache`).
   * Default 5 consecutive failures, a probe after 10 000 ms.
   */
  circuitBreaker?: { failureThreshold?: number; halfOpenAfterMs?: number };
  /** Receives the cache going down and coming back (once each) and failed cache writes. */
  logger?: Logger;
}

const NAME = 'redis';
/** Keys asked for per SCAN step and removed per UNLINK. */
const SCAN_BATCH = 500;

/**
 * A cache in Redis (ioredis), named `redis`, behind a circuit breaker. Values are stored as JSON
 * text under `<keyPrefix><key>` with `SET … EX`. Every failure to reach Redis (refused, timed out,
 * connection lost) is an `AdapterError` coded `UNAVAILABLE`, raised within `commandTimeoutMs` once
 * connected (the first call may also wait up to `connectTimeoutMs` for the connection): commands are
 * never queued while Redis is away. `deleteByPrefix` walks the keys with SCAN and removes them with
 * UNLINK in batches of 500, never KEYS. Serves a standalone Redis or a non-sharded OCI Cache
 * cluster's endpoint, not Redis Cluster. `close()` quits, then disconnects.
 */
export function createRedisCache(options: RedisCacheOptions): ICacheAdapter {
  const keyPrefix = options.keyPrefix ?? 'bharatmart:';
  const commandTimeoutMs = options.commandTimeoutMs ?? 500;
  const connectTimeoutMs = options.connectTimeoutMs ?? 1000;
  if (!options.url) throw new AdapterError(NAME, 'MISCONFIGURED', 'url is required');
  requireWholeOption(NAME, 'commandTimeoutMs', commandTimeoutMs);
  requireWholeOption(NAME, 'connectTimeoutMs', connectTimeoutMs);

  const { client, connected } = openRedisConnection({
    url: options.url,
    commandTimeoutMs,
    connectTimeoutMs,
    tls: (options.tls ?? false) || options.tlsCa !== undefined,
    ...(options.tlsCa === undefined ? {} : { tlsCa: options.tlsCa }),
    logger: options.logger,
  });

  /** Runs Redis commands, turning every failure into AdapterError UNAVAILABLE. */
  const redis = async <T>(what: string, commands: () => Promise<T>): Promise<T> => {
    try {
      await connected();
      return await commands();
    } catch (error) {
      throw new AdapterError(NAME, 'UNAVAILABLE', `${what} failed: ${messageOf(error)}`, { cause: error });
    }
  };

  return defineCache(
    {
      name: NAME,
      get: (key) => redis('GET', async () => (await client.get(keyPrefix + key)) ?? undefined),
      async set(key, text, ttlSeconds) {
        await redis('SET', () => client.set(keyPrefix + key, text, 'EX', ttlSeconds));
      },
      async delete(key) {
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
      async ping() {
        await redis('PING', () => client.ping());
      },
      async close() {
        if (client.status === 'ready') await client.quit().catch(() => undefined);
        client.disconnect();
      },
    },
    {
      defaultTtlSeconds: options.defaultTtlSeconds,
      logger: options.logger,
      circuitBreaker: options.circuitBreaker ?? {},
    },
  );
}

/** Escapes the characters SCAN MATCH treats as a glob, so a prefix matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
