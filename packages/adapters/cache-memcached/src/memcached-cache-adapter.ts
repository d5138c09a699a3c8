import memjs from 'memjs';
import { AdapterError, createSingleFlight, measureHealth } from '@bharatmart/core';
import type { CacheValue, ICacheAdapter, Logger } from '@bharatmart/core';
import { freshGeneration, isNamespace, isPlainKey, keyBuilder, namespacesOf } from './memcached-keys.js';

/** Options of the memcached cache. */
export interface MemcachedCacheOptions {
  /** Comma-separated `host:port` list, e.g. `cache-1:11211,cache-2:11211`; keys are spread by hash. */
  servers: string;
  /**
   * Prepended to every key, so several deployments can share the servers; callers never see it.
   * At most 100 bytes, no spaces. Default `bharatmart:`.
   */
  keyPrefix?: string;
  /** TTL in whole seconds for `set` / `getOrSet` calls that give none. Default 300. */
  defaultTtlSeconds?: number;
  /**
   * Longest wait for one cache operation, in milliseconds, over all its round trips (a `get` makes
   * two: namespace generations, then the value). Also memjs's connect and request timeout. Default 500.
   */
  timeoutMs?: number;
  /**
   * How many leading `:`-terminated segments of a key are namespaces that `deleteByPrefix` can
   * drop; each costs a lookup per operation. Default 2 (`products:` and `products:list:`).
   */
  namespaceDepth?: number;
  /** Receives memjs's diagnostics (debug) and failed cache writes (warn). */
  logger?: Logger;
}

const NAME = 'memcached';
/** Memcached reads a larger expiry as an absolute Unix time. */
const MAX_RELATIVE_TTL_SECONDS = 30 * 24 * 3600;

/** Where a key's value lives under the current generations of its namespaces. */
interface Location {
  namespaces: string[];
  generations: string[];
  valueKey: string;
}

/**
 * A cache in memcached (memjs, binary protocol), named `memcached`. Memcached cannot list keys, so
 * prefixes are namespaces with a generation counter each: a value is stored under the current
 * generations of its key's namespaces (`namespaceDepth` leading `:`-terminated segments), and
 * `deleteByPrefix(p)` increments the counter of `p`, which makes every key under `p` unreachable
 * at once, in every process. It then deletes the keys listed in the namespace's index (appended
 * on each write) and returns how many existed; if memcached evicted or could not grow the index,
 * that count is a lower bound, never the invalidation. A prefix that is not a namespace (does not
 * end in `:`, or has more segments than `namespaceDepth`) throws `AdapterError` `NOT_SUPPORTED`.
 * `getOrSet` stores a computed value under the generations read before computing, so a prefix
 * deleted meanwhile leaves the value unreachable instead of stale. Every failure to reach
 * memcached is an `AdapterError` `UNAVAILABLE` within `timeoutMs`.
 */
export function createMemcachedCache(options: MemcachedCacheOptions): ICacheAdapter {
  const keyPrefix = options.keyPrefix ?? 'bharatmart:';
  const defaultTtl = options.defaultTtlSeconds ?? 300;
  const timeoutMs = options.timeoutMs ?? 500;
  const depth = options.namespaceDepth ?? 2;
  const logger = options.logger;
  // memjs falls back to MEMCACHIER_SERVERS / localhost when given no servers; we never do.
  if (!options.servers.trim()) throw new AdapterError(NAME, 'MISCONFIGURED', 'servers is required');
  if (!isPlainKey(keyPrefix) || Buffer.byteLength(keyPrefix) > 100) {
    throw new AdapterError(NAME, 'MISCONFIGURED', 'keyPrefix must be at most 100 bytes without spaces');
  }
  requireWhole('defaultTtlSeconds', defaultTtl);
  requireWhole('timeoutMs', timeoutMs);
  requireWhole('namespaceDepth', depth);

  const client = memjs.Client.create(options.servers, {
    timeout: timeoutMs / 1000,
    conntimeout: timeoutMs / 1000,
    retries: 1, // one attempt: the breaker, not memjs, decides when to try again
    keepAlive: true,
    logger: { log: (...args: unknown[]) => logger?.debug({ cache: NAME, memjs: args.join(' ') }, 'memjs') },
  });
  const key = keyBuilder(keyPrefix);
  const flights = createSingleFlight();
  let closed = false;

  /** Runs memcached round trips under one deadline, turning every failure into UNAVAILABLE. */
  const memcached = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    if (closed) throw new AdapterError(NAME, 'UNAVAILABLE', 'cache is closed');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([work(), late]);
    } catch (error) {
      throw new AdapterError(NAME, 'UNAVAILABLE', `${what} failed: ${messageOf(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  };

  const generationOf = async (namespace: string): Promise<string> => {
    const { value } = await client.get(key('g', namespace));
    if (value) return value.toString();
    // Creates the counter unless another process just did; either way returns its value.
    const created = await client.increment(key('g', namespace), 0, { initial: freshGeneration() });
    return String(created.value);
  };

  const locate = async (cacheKey: string): Promise<Location> => {
    const namespaces = namespacesOf(cacheKey, depth);
    const generations = await Promise.all(namespaces.map(generationOf));
    return { namespaces, generations, valueKey: key('v', `${generations.join('.')}/${cacheKey}`) };
  };

  const lookup = async (cacheKey: string): Promise<{ location: Location; json: string | null }> => {
    const location = await locate(cacheKey);
    const { value } = await client.get(location.valueKey);
    return { location, json: value ? value.toString() : null };
  };

  /** Adds `valueKey` to a namespace generation's index, creating the index when absent. */
  const remember = async (indexKey: string, valueKey: string): Promise<void> => {
    const line = `${valueKey}\n`;
    // memcached refuses to append to a missing item ("Item not stored"): then create the index,
    // unless another write just did.
    if (await client.append(indexKey, line).catch(() => false)) return;
    if (await client.add(indexKey, line)) return;
    await client.append(indexKey, line);
  };

  const store = async (location: Location, json: string, ttl: number): Promise<void> => {
    const expires = ttl > MAX_RELATIVE_TTL_SECONDS ? Math.floor(Date.now() / 1000) + ttl : ttl;
    await client.set(location.valueKey, json, { expires });
    await Promise.all(
      location.namespaces.map((namespace, i) =>
        remember(key('i', `${location.generations[i]}/${namespace}`), location.valueKey).catch(
          (error: unknown) =>
            // The value is stored and reachable; only deleteByPrefix's count may come out low.
            logger?.debug({ err: error, cache: NAME, namespace }, 'namespace index not updated'),
        ),
      ),
    );
  };

  const ttlOf = (ttlSeconds: number | undefined): number => {
    if (ttlSeconds === undefined) return defaultTtl;
    if (!isWholePositive(ttlSeconds)) {
      throw new RangeError(`ttlSeconds must be a whole number ≥ 1, got ${ttlSeconds}`);
    }
    return ttlSeconds;
  };

  return {
    name: NAME,

    async get<T extends CacheValue>(cacheKey: string): Promise<T | undefined> {
      const { json } = await memcached('GET', () => lookup(cacheKey));
      return json === null ? undefined : (JSON.parse(json) as T);
    },

    async set(cacheKey: string, value: CacheValue, ttlSeconds?: number): Promise<void> {
      const ttl = ttlOf(ttlSeconds);
      const json = serialise(value);
      await memcached('SET', async () => store(await locate(cacheKey), json, ttl));
    },

    async delete(cacheKey: string): Promise<void> {
      await memcached('DELETE', async () => {
        await client.delete((await locate(cacheKey)).valueKey);
      });
    },

    async deleteByPrefix(prefix: string): Promise<number> {
      if (!isNamespace(prefix, depth)) {
        throw new AdapterError(
          NAME,
          'NOT_SUPPORTED',
          `deleteByPrefix takes a namespace: a prefix ending in ':' with at most ${depth} segments, such as 'products:list:'; got '${prefix}'`,
        );
      }
      return memcached('deleteByPrefix', async () => {
        const bumped = await client.increment(key('g', prefix), 1, { initial: freshGeneration() });
        const indexKey = key('i', `${Number(bumped.value) - 1}/${prefix}`);
        const { value: index } = await client.get(indexKey);
        if (!index) return 0;
        const valueKeys = new Set(
          index
            .toString()
            .split('\n')
            .filter((line) => line !== ''),
        );
        const deleted = await Promise.all([...valueKeys].map((valueKey) => client.delete(valueKey)));
        await client.delete(indexKey);
        return deleted.filter(Boolean).length;
      });
    },

    async getOrSet<T extends CacheValue>(
      cacheKey: string,
      compute: () => Promise<T>,
      ttlSeconds?: number,
    ): Promise<T> {
      const ttl = ttlOf(ttlSeconds);
      const first = await memcached('GET', () => lookup(cacheKey));
      if (first.json !== null) return JSON.parse(first.json) as T;
      const json = await flights.run(cacheKey, async () => {
        // A flight that finished between our miss and this run has already stored the value.
        const { location, json: stored } = await memcached('GET', () => lookup(cacheKey));
        if (stored !== null) return stored;
        const computed = serialise(await compute());
        await memcached('SET', () => store(location, computed, ttl)).catch((error: unknown) =>
          logger?.warn({ err: error, cache: NAME }, 'could not store a computed value'),
        );
        return computed;
      });
      // Each caller parses its own copy, so callers sharing one computation share no objects.
      return JSON.parse(json) as T;
    },

    health: () =>
      measureHealth(() =>
        memcached(
          'STATS',
          () =>
            new Promise<void>((resolve, reject) => {
              let pending = client.servers.length;
              client.stats((error, server) => {
                if (error) reject(new Error(`${server}: ${error.message}`));
                else if (--pending === 0) resolve();
              });
            }),
        ),
      ),

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      client.close();
    },
  };
}

function requireWhole(option: string, value: number): void {
  if (!isWholePositive(value)) {
    throw new AdapterError(NAME, 'MISCONFIGURED', `${option} must be a whole number ≥ 1, got ${value}`);
  }
}

function isWholePositive(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}

function serialise(value: CacheValue): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(`cannot cache a value of type ${typeof value}: it has no JSON form`);
  }
  return json;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
