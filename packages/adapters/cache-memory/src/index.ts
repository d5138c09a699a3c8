export { createMemoryCache, type MemoryCache, type MemoryCacheOptions } from './memory-cache-adapter.js';
