export { createMemoryCache, type MemoryCacheOptions } from './memory-cache-adapter.js';
