import type { ICacheAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import type { CacheDependencies } from './cache-dependencies.js';
import { cacheNetworkConfig, cacheNetworkVariables, cacheRedisUrlVariable } from './network-variables.js';

/**
 * CACHE_TYPE=redis, and CACHE_TYPE=oci-cache (Redis-compatible OCI Cache, always over TLS): one
 * descriptor per name, one adapter.
 */
function redisBackend<const N extends 'redis' | 'oci-cache'>(name: N, summary: string) {
  return defineBackend({
    name,
    package: '@bharatmart/cache-redis',
    summary,
    variables: { ...cacheRedisUrlVariable, ...cacheNetworkVariables },
    resolve: (values, context) => ({
      type: name,
      url: context.need('CACHE_REDIS_URL'),
      ...cacheNetworkConfig(values),
    }),
    load: () => import('@bharatmart/cache-redis'),
    async create(module, config, deps: CacheDependencies): Promise<ICacheAdapter> {
      return module.createRedisCache({
        url: config.url,
        keyPrefix: config.keyPrefix,
        defaultTtlSeconds: deps.defaultTtlSeconds,
        commandTimeoutMs: config.commandTimeoutMs,
        tls: name === 'oci-cache' || config.url.startsWith('rediss://'),
        logger: deps.logger,
      });
    },
  });
}

/** CACHE_TYPE=redis: a Redis server. */
export const redis = redisBackend('redis', 'a Redis (or Valkey) server');

/** CACHE_TYPE=oci-cache: OCI Cache, Redis-compatible, over TLS. */
export const ociCache = redisBackend('oci-cache', 'OCI Cache (Redis-compatible, TLS)');
