export { createRedisCache, type RedisCacheOptions } from './redis-cache-adapter.js';
