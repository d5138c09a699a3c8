import type { ICacheAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import type { CacheDependencies } from './cache-dependencies.js';
import { readCaFile, redisEndpoint, redisTlsVariables, resolveRedisTls } from '../tls-variables.js';
import { verifyTlsServer } from '../tls-probe.js';
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
    variables: { ...cacheRedisUrlVariable, ...cacheNetworkVariables, ...redisTlsVariables },
    resolve: (values, context) => {
      const url = context.need('CACHE_REDIS_URL');
      return {
        type: name,
        url,
        ...cacheNetworkConfig(values),
        ...resolveRedisTls(
          url,
          values.REDIS_CA_FILE,
          name === 'oci-cache',
          (variable, message) => context.problem(variable, message),
          'CACHE_REDIS_URL',
        ),
      };
    },
    load: () => import('@bharatmart/cache-redis'),
    async create(module, config, deps: CacheDependencies): Promise<ICacheAdapter> {
      const ca = config.caFile === undefined ? undefined : readCaFile(config.caFile);
      // A refused certificate stops startup; an unreachable cache does not (reads go to the database).
      if (config.tls)
        await verifyTlsServer({
          ...redisEndpoint(config.url),
          ...(ca === undefined ? {} : { ca }),
          urlVariable: 'CACHE_REDIS_URL',
          caVariable: 'REDIS_CA_FILE',
        });
      return module.createRedisCache({
        url: config.url,
        keyPrefix: config.keyPrefix,
        defaultTtlSeconds: deps.defaultTtlSeconds,
        commandTimeoutMs: config.commandTimeoutMs,
        tls: config.tls,
        ...(ca === undefined ? {} : { tlsCa: ca }),
        logger: deps.logger,
      });
    },
  });
}

/** CACHE_TYPE=redis: a Redis server. */
export const redis = redisBackend('redis', 'a Redis (or Valkey) server');

/** CACHE_TYPE=oci-cache: OCI Cache, Redis-compatible, over TLS. */
export const ociCache = redisBackend('oci-cache', 'OCI Cache (Redis-compatible, TLS)');
