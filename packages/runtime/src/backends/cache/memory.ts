import type { ICacheAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { int, variable } from '../variable-kinds.js';
import type { CacheDependencies } from './cache-dependencies.js';

/** CACHE_TYPE=memory: a cache in the process's memory, bounded in bytes. */
export const memory = defineBackend({
  name: 'memory',
  package: '@bharatmart/cache-memory',
  summary: "the process's memory",
  variables: {
    CACHE_MEMORY_MAX_BYTES: variable(
      int(67_108_864, 1_048_576, 17_179_869_184),
      '`memory`: most bytes the cached entries may take (64 MiB; 1 MiB to 16 GiB); past it the least recently used entries are evicted, so no stream of distinct queries grows the process',
    ),
  },
  resolve: (values) => ({ type: 'memory' as const, maxBytes: values.CACHE_MEMORY_MAX_BYTES }),
  load: () => import('@bharatmart/cache-memory'),
  create: async (module, config, deps: CacheDependencies): Promise<ICacheAdapter> =>
    module.createMemoryCache({ defaultTtlSeconds: deps.defaultTtlSeconds, maxBytes: config.maxBytes }),
});
