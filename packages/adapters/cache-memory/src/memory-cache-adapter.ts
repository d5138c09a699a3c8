import { LRUCache } from 'lru-cache';
import { defineCache, requireWholeOption } from '@bharatmart/core';
import type { ICacheAdapter } from '@bharatmart/core';

/** Options of the in-memory cache. */
export interface MemoryCacheOptions {
  /** TTL in whole seconds for `set` / `getOrSet` calls that give none. Default 300. */
  defaultTtlSeconds?: number;
  /**
   * Most bytes the entries may take, as accounted per entry (key and text at two bytes a character, plus 100 bytes of bookkeeping). Storing past it first evicts
   * the least recently used entries, so `set` never fails for lack of room; an entry larger than
   * the whole bound is not stored (the next read misses). Whole number ≥ 1; default 64 MiB.
   */
  maxBytes?: number;
  /** Most entries held at once, evicted like `maxBytes`. Whole number ≥ 1; default: only `maxBytes` bounds. */
  maxKeys?: number;
}

/** The memory cache, which also says how much it holds. */
export interface MemoryCache extends ICacheAdapter {
  /** What the entries take now: accounted bytes (never above `maxBytes`) and their number. */
  usage(): { bytes: number; entries: number };
}

const NAME = 'memory';
/** Default of `maxBytes`: 64 MiB. */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** What one entry costs beyond its text: the LRU's bookkeeping (list slots, TTL, size). */
const ENTRY_OVERHEAD_BYTES = 100;

/**
 * The bytes one entry is accounted for: its key and stored text as UTF-16 (two bytes a character,
 * as V8 holds strings at worst) plus the fixed overhead. An estimate of the heap it pins, chosen
 * to err high.
 */
function entryBytes(key: string, text: string): number {
  return 2 * (key.length + text.length) + ENTRY_OVERHEAD_BYTES;
}

/**
 * A cache in this process's memory (lru-cache), named `memory`, bounded by `maxBytes` with least
 * recently used eviction, so no sequence of distinct keys can grow it past the bound. Values are
 * stored as text (see `defineCache`), so a stored value cannot be changed through the object passed
 * to `set` or returned by `get`; a string is kept as it is, so reading back a cached rendered
 * response costs no parsing. An expired key is never returned; its memory is reclaimed when it is
 * read or evicted. `close()` empties it.
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): MemoryCache {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  requireWholeOption(NAME, 'maxBytes', maxBytes);
  if (options.maxKeys !== undefined) requireWholeOption(NAME, 'maxKeys', options.maxKeys);
  const store = new LRUCache<string, string>({
    maxSize: maxBytes,
    sizeCalculation: (text, key) => entryBytes(key, text),
    ...(options.maxKeys !== undefined ? { max: options.maxKeys } : {}),
  });

  const cache = defineCache(
    {
      name: NAME,
      inProcess: true,
      get: async (key) => store.get(key),
      async set(key, text, ttlSeconds) {
        store.set(key, text, { ttl: ttlSeconds * 1000 });
      },
      async delete(key) {
        store.delete(key);
      },
      async deleteByPrefix(prefix) {
        let removed = 0;
        for (const key of [...store.keys()].filter((key) => key.startsWith(prefix))) {
          if (store.has(key)) removed++;
          store.delete(key);
        }
        return removed;
      },
      async close() {
        store.clear();
      },
    },
    { defaultTtlSeconds: options.defaultTtlSeconds },
  );
  return { ...cache, usage: () => ({ bytes: store.calculatedSize, entries: store.size }) };
}
