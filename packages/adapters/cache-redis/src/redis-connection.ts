import { Redis } from 'ioredis';
import type { Logger } from '@bharatmart/core';

/** How the cache's own Redis connection behaves; see RedisCacheOptions for each meaning. */
export interface RedisConnectionSettings {
  url: string;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  tls: boolean;
  tlsCa?: string;
  logger?: Logger;
}

/** Longest pause between two reconnection attempts, in milliseconds. */
const MAX_RECONNECT_DELAY_MS = 2000;

/** A lazily connected ioredis client and the promise-returning step that connects it. */
export interface RedisConnection {
  client: Redis;
  /**
   * Resolves once a first connection was made. The first call starts connecting and concurrent
   * callers share it; a failed attempt is forgotten. Once connected, it resolves at once, even
   * while ioredis reconnects in the background (commands then fail fast instead of waiting).
   */
  connected(): Promise<void>;
}

/**
 * Opens the connection a cache needs, which is not the connection a queue needs: commands fail
 * instead of queueing while Redis is away (no offline queue, a short command timeout, one retry),
 * and reconnection backs off up to 2 s. So a dead Redis costs a caller at most the command timeout,
 * never ioredis's default of queueing commands until Redis returns.
 */
export function openRedisConnection(settings: RedisConnectionSettings): RedisConnection {
  const client = new Redis(settings.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
    maxRetriesPerRequest: 1,
    // A caller whose command was cut off has already been told it failed; do not replay it.
    autoResendUnfulfilledCommands: false,
    // The ready check would keep callers waiting while Redis loads a dataset; LOADING replies fail
    // fast instead, which suits a cache.
    enableReadyCheck: false,
    // How long close() lets a dead socket linger before destroying it (ioredis waits 2 s).
    disconnectTimeout: settings.commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
    ...(settings.tls ? { tls: settings.tlsCa === undefined ? {} : { ca: settings.tlsCa } } : {}),
  });

  // Without a listener ioredis prints every failed reconnection attempt. The cache's circuit breaker
  // announces the outage to the log; the connection's own changes are details (debug, once each).
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    settings.logger?.debug({ cache: 'redis', error: error.message }, 'redis connection lost');
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    settings.logger?.debug({ cache: 'redis' }, 'redis connection restored');
  });

  let connecting: Promise<void> | undefined;
  return {
    client,
    async connected(): Promise<void> {
      if (client.status === 'wait') {
        connecting ??= client.connect().finally(() => {
          connecting = undefined;
        });
      }
      if (connecting) await connecting;
    },
  };
}
