import type { ICacheAdapter, Logger } from '@bharatmart/core';
import type { CacheDependencies } from '../backends/cache/cache-dependencies.js';
import { CACHE_BACKENDS } from '../backends/cache/index.js';
import type { PortBackend } from '../backends/descriptor.js';
import { loadBackend } from '../backends/load-backend.js';
import type { CacheConfig } from '../config/app-config.js';

/**
 * Loads and creates the cache adapter for CACHE_TYPE. Networked caches sit behind a circuit breaker:
 * after repeated failures the cache is skipped without waiting on it (reads come from the database)
 * and /readyz reports it degraded, until a probe finds it back.
 */
export async function createCache(config: CacheConfig, logger: Logger): Promise<ICacheAdapter> {
  // Through unknown: the memory descriptor's own setting (maxBytes) makes the union of descriptors
  // too unlike the general port type for a direct assertion; config.type picks the matching one.
  const backend = CACHE_BACKENDS[config.type] as unknown as PortBackend<
    CacheConfig,
    ICacheAdapter,
    CacheDependencies
  >;
  const module: unknown = await loadBackend(backend, {
    variable: 'CACHE_TYPE',
    because: `CACHE_TYPE=${config.type}`,
  });
  const log = logger.child({ component: 'cache', cache: config.type });
  return backend.create(module, config, { logger: log, defaultTtlSeconds: config.defaultTtlSeconds });
}
