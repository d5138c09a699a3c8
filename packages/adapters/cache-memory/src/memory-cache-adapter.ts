import NodeCache from 'node-cache';
import {
  AdapterError,
  cacheJson,
  cacheTtlSeconds,
  createSingleFlight,
  measureHealth,
  requireWholeOption,
} from '@bharatmart/core';
import type { CacheValue, ICacheAdapter } from '@bharatmart/core';

/** Options of the in-memory cache. */
export interface MemoryCacheOptions {
  /** TTL in whole seconds for `set` / `getOrSet` calls that give none. Default 300. */
  defaultTtlSeconds?: number;
  /**
   * Most keys held at once. When full, storing a new key first evicts the oldest stored key
   * (insertion order), so `set` never fails for lack of room. Default: unlimited.
   */
  maxKeys?: number;
}

const NAME = 'memory';

/**
 * A cache in this process's memory (node-cache), named `memory`. Values are stored as JSON text,
 * so a stored value cannot be changed through the object passed to `set` or returned by `get`,
 * and values behave exactly as they would in a networked cache (e.g. `undefined` fields vanish).
 * A string is kept as it is (strings are immutable), so reading back a cached rendered response
 * costs no parsing.
 * An expired key is never returned; its memory is reclaimed on access or by a sweep every 60 s
 * (an unref'd timer that `close()` clears). A TTL that is not a whole number ≥ 1 throws a
 * RangeError, a value without a JSON form (e.g. `undefined`) a TypeError, before anything is
 * stored or computed. Operations after `close()` throw `AdapterError` (`UNAVAILABLE`) and
 * `health()` reports `down`.
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): ICacheAdapter {
  const defaultTtl = options.defaultTtlSeconds ?? 300;
  requireWholeOption(NAME, 'defaultTtlSeconds', defaultTtl);
  const maxKeys = options.maxKeys;
  if (maxKeys !== undefined) requireWholeOption(NAME, 'maxKeys', maxKeys);
  // Clones are off because we store immutable JSON strings; node-cache's own maxKeys is not used
  // because it throws when full (even when overwriting a key) instead of making room.
  const store = new NodeCache({ stdTTL: defaultTtl, checkperiod: 60, useClones: false });
  const flights = createSingleFlight();
  let closed = false;

  const open = (): NodeCache => {
    if (closed) throw new AdapterError(NAME, 'UNAVAILABLE', 'cache is closed');
    return store;
  };

  const read = (key: string): string | undefined => open().get<string>(key);

  const ttlOf = (ttlSeconds: number | undefined): number => cacheTtlSeconds(ttlSeconds, defaultTtl);

  const write = (key: string, json: string, ttl: number): void => {
    const cache = open();
    if (maxKeys !== undefined && !cache.has(key) && cache.getStats().keys >= maxKeys) {
      const oldest = cache.keys()[0];
      if (oldest !== undefined) cache.del(oldest);
    }
    cache.set(key, json, ttl);
  };

  return {
    name: NAME,

    async get<T extends CacheValue>(key: string): Promise<T | undefined> {
      const stored = read(key);
      return stored === undefined ? undefined : (deserialise(stored) as T);
    },

    async set(key: string, value: CacheValue, ttlSeconds?: number): Promise<void> {
      write(key, serialise(value), ttlOf(ttlSeconds));
    },

    async delete(key: string): Promise<void> {
      open().del(key);
    },

    async deleteByPrefix(prefix: string): Promise<number> {
      const cache = open();
      return cache.del(cache.keys().filter((key) => key.startsWith(prefix)));
    },

    async getOrSet<T extends CacheValue>(
      key: string,
      compute: () => Promise<T>,
      ttlSeconds?: number,
    ): Promise<T> {
      const ttl = ttlOf(ttlSeconds);
      const hit = read(key);
      if (hit !== undefined) return deserialise(hit) as T;
      const stored = await flights.run(key, async () => {
        // A flight that finished between our miss and this run has already stored the value.
        const earlier = read(key);
        if (earlier !== undefined) return earlier;
        const computed = serialise(await compute());
        write(key, computed, ttl);
        return computed;
      });
      // Each caller parses its own copy, so callers sharing one computation share no objects.
      return deserialise(stored) as T;
    },

    health: () =>
      measureHealth(async () => {
        open();
      }),

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      store.flushAll();
      store.close();
    },
  };
}

/** Starts a stored string kept as it is; JSON text never starts with it. */
const RAW_STRING = '\u0000';

/** What is stored for `value`: its JSON text, or a string as it is behind RAW_STRING. */
function serialise(value: CacheValue): string {
  return typeof value === 'string' ? RAW_STRING + value : cacheJson(value);
}

function deserialise(stored: string): unknown {
  return stored.startsWith(RAW_STRING) ? stored.slice(1) : JSON.parse(stored);
}
