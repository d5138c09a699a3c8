export { createMemcachedCache, type MemcachedCacheOptions } from './memcached-cache-adapter.js';
