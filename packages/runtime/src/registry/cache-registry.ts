import type { ICacheAdapter } from '@bharatmart/core';
import type { CacheConfig } from '../config/app-config.js';
import { adapterNotAvailable } from './unavailable.js';

/** Loads and creates the cache adapter for CACHE_TYPE. */
export async function createCache(config: CacheConfig): Promise<ICacheAdapter> {
  switch (config.type) {
    case 'memory': {
      const { createMemoryCache } = await import('@bharatmart/cache-memory');
      return createMemoryCache({ defaultTtlSeconds: config.defaultTtlSeconds });
    }
    case 'redis':
    case 'oci-cache':
    case 'memcached':
      throw adapterNotAvailable('CACHE_TYPE', config.type, ['memory']);
  }
}
