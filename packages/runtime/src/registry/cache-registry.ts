import { withCircuitBreaker } from '@bharatmart/core';
import type { ICacheAdapter, Logger } from '@bharatmart/core';
import type { CacheConfig } from '../config/app-config.js';

/**
 * Loads and creates the cache adapter for CACHE_TYPE. Networked caches sit behind a circuit breaker:
 * after repeated failures the cache is skipped without waiting on it (reads come from the database)
 * and /readyz reports it degraded, until a probe finds it back.
 */
export async function createCache(config: CacheConfig, logger: Logger): Promise<ICacheAdapter> {
  const log = logger.child({ component: 'cache', cache: config.type });
  switch (config.type) {
    case 'memory': {
      const { createMemoryCache } = await import('@bharatmart/cache-memory');
      return createMemoryCache({ defaultTtlSeconds: config.defaultTtlSeconds });
    }
    case 'redis':
    case 'oci-cache': {
      const { createRedisCache } = await import('@bharatmart/cache-redis');
      const cache = createRedisCache({
        url: config.url,
        keyPrefix: config.keyPrefix,
        defaultTtlSeconds: config.defaultTtlSeconds,
        commandTimeoutMs: config.commandTimeoutMs,
        tls: config.type === 'oci-cache' || config.url.startsWith('rediss://'),
        logger: log,
      });
      return withCircuitBreaker(cache, { logger: log });
    }
    case 'memcached': {
      const { createMemcachedCache } = await import('@bharatmart/cache-memcached');
      const cache = createMemcachedCache({
        servers: config.servers,
        keyPrefix: config.keyPrefix,
        defaultTtlSeconds: config.defaultTtlSeconds,
        timeoutMs: config.commandTimeoutMs,
        logger: log,
      });
      return withCircuitBreaker(cache, { logger: log });
    }
  }
}
