import type { ICacheAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { text, variable } from '../variable-kinds.js';
import type { CacheDependencies } from './cache-dependencies.js';
import { cacheNetworkConfig, cacheNetworkVariables } from './network-variables.js';

/** CACHE_TYPE=memcached: one or more memcached servers. */
export const memcached = defineBackend({
  name: 'memcached',
  package: '@bharatmart/cache-memcached',
  summary: 'memcached servers',
  variables: {
    MEMCACHED_SERVERS: variable(
      text(),
      'comma-separated host:port list (required for `memcached`); SASL credentials go in front of each server (`user:password@host:11211`) and are masked wherever the configuration is shown',
      { credential: true },
    ),
    ...cacheNetworkVariables,
  },
  resolve: (values, context) => ({
    type: 'memcached' as const,
    servers: context.need('MEMCACHED_SERVERS'),
    ...cacheNetworkConfig(values),
  }),
  load: () => import('@bharatmart/cache-memcached'),
  async create(module, config, deps: CacheDependencies): Promise<ICacheAdapter> {
    return module.createMemcachedCache({
      servers: config.servers,
      keyPrefix: config.keyPrefix,
      defaultTtlSeconds: deps.defaultTtlSeconds,
      timeoutMs: config.commandTimeoutMs,
      logger: deps.logger,
    });
  },
});
