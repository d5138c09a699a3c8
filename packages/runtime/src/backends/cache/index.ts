import { memcached } from './memcached.js';
import { memory } from './memory.js';
import { ociCache, redis } from './redis.js';

/** Every CACHE_TYPE, one line each, default first. */
export const CACHE_BACKENDS = {
  memory,
  redis,
  'oci-cache': ociCache,
  memcached,
};
