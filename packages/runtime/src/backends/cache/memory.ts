import type { ICacheAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import type { CacheDependencies } from './cache-dependencies.js';

/** CACHE_TYPE=memory: a cache in the process's memory. */
export const memory = defineBackend({
  name: 'memory',
  package: '@bharatmart/cache-memory',
  summary: "the process's memory",
  variables: {},
  resolve: () => ({ type: 'memory' as const }),
  load: () => import('@bharatmart/cache-memory'),
  create: async (module, _config, deps: CacheDependencies): Promise<ICacheAdapter> =>
    module.createMemoryCache({ defaultTtlSeconds: deps.defaultTtlSeconds }),
});
