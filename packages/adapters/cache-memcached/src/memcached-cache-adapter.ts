import memjs from 'memjs';
import { AdapterError, defineCache, requireWholeOption } from '@bharatmart/core';
import type { ICacheAdapter, Logger } from '@bharatmart/core';
import { inOneWrite } from './memcached-batch.js';
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
   * one, a `set` one or two, see below). Also memjs's connect and request timeout. Default 500.
   */
  timeoutMs?: number;
  /**
   * How many leading `:`-terminated segments of a key are namespaces that `deleteByPrefix` can
   * drop; each costs a lookup per operation. Default 2 (`products:` and `products:list:`).
   */
  namespaceDepth?: number;
  /**
   * When the circuit breaker in front of memcached opens and tries again (see `defineCache`).
   * Default 5 consecutive failures, a probe after 10 000 ms.
   */
  circuitBreaker?: { failureThreshold?: number; halfOpenAfterMs?: number };
  /** Receives the cache going down and coming back (once each), memjs's diagnostics (debug) and failed cache writes. */
  logger?: Logger;
}

const NAME = 'memcached';
/** Namespaces whose last seen generation `set` remembers as its guess. */
const SEEN_NAMESPACES = 1000;
/** Ends the generations an entry was written under; the JSON follows. */
const HEADER_END = '|';
/** Memcached reads a larger expiry as an absolute Unix time. */
const MAX_RELATIVE_TTL_SECONDS = 30 * 24 * 3600;

/** A key's entry and the generations of its namespaces, read in the same round trip. */
interface Location {
  namespaces: string[];
  generations: string[];
  /** The memcached key of the entry: the same whatever the generations. */
  entryKey: string;
}

/**
 * A cache in memcached (memjs, binary protocol), named `memcached`, behind a circuit breaker. Memcached cannot list keys, so
 * prefixes are namespaces with a generation counter each: a value is stored together with the
 * generations of its key's namespaces (`namespaceDepth` leading `:`-terminated segments) current
 * when it was written, and is only returned while they are still current. `deleteByPrefix(p)`
 * increments the counter of `p`, which makes every key under `p` unreachable at once, in every
 * process. It then deletes the keys listed in the namespace's index (appended on each write) and
 * returns how many existed; if memcached evicted or could not grow the index, that count is a lower
 * bound, never the invalidation. A prefix that is not a namespace (does not end in `:`, or has more
 * segments than `namespaceDepth`) throws `AdapterError` `NOT_SUPPORTED`. A read fetches the entry
 * and the counters in one round trip. `getOrSet` stores a computed value with the generations read
 * before computing, so a prefix deleted meanwhile leaves the value unreachable instead of stale.
 * Every failure to reach memcached is an `AdapterError` `UNAVAILABLE` within `timeoutMs`.
 */
export function createMemcachedCache(options: MemcachedCacheOptions): ICacheAdapter {
  const keyPrefix = options.keyPrefix ?? 'bharatmart:';
  const timeoutMs = options.timeoutMs ?? 500;
  const depth = options.namespaceDepth ?? 2;
  const logger = options.logger;
  // memjs falls back to MEMCACHIER_SERVERS / localhost when given no servers; we never do.
  if (!options.servers.trim()) throw new AdapterError(NAME, 'MISCONFIGURED', 'servers is required');
  if (!isPlainKey(keyPrefix) || Buffer.byteLength(keyPrefix) > 100) {
    throw new AdapterError(NAME, 'MISCONFIGURED', 'keyPrefix must be at most 100 bytes without spaces');
  }
  requireWholeOption(NAME, 'timeoutMs', timeoutMs);
  requireWholeOption(NAME, 'namespaceDepth', depth);

  const client = memjs.Client.create(options.servers, {
    timeout: timeoutMs / 1000,
    conntimeout: timeoutMs / 1000,
    retries: 1, // one attempt: the breaker, not memjs, decides when to try again
    keepAlive: true,
    logger: { log: (...args: unknown[]) => logger?.debug({ cache: NAME, memjs: args.join(' ') }, 'memjs') },
  });
  const key = keyBuilder(keyPrefix);

  /** Runs memcached round trips under one deadline, turning every failure into UNAVAILABLE. */
  const memcached = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
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

  /**
   * The last generation this process saw per namespace (at most SEEN_NAMESPACES, oldest dropped
   * first): only a guess for `set`, which writes with it and checks it in the same round trip.
   * Nothing is ever served on the strength of it.
   */
  const seen = new Map<string, string>();
  const see = (namespace: string, generation: string): void => {
    seen.delete(namespace);
    if (seen.size >= SEEN_NAMESPACES) seen.delete(seen.keys().next().value ?? '');
    seen.set(namespace, generation);
  };

  const generationOf = async (namespace: string): Promise<string> => {
    const { value } = await client.get(key('g', namespace));
    // Creates the counter unless another process just did; either way returns its value.
    const generation = value
      ? value.toString()
      : String((await client.increment(key('g', namespace), 0, { initial: freshGeneration() })).value);
    if (seen.get(namespace) !== generation) see(namespace, generation);
    return generation;
  };

  /** The entry of `cacheKey` and its namespaces' current generations, requested together. */
  const lookup = async (cacheKey: string): Promise<{ location: Location; json: string | null }> => {
    const namespaces = namespacesOf(cacheKey, depth);
    const entryKey = key('e', cacheKey);
    const [entry, generations] = await inOneWrite(client, () =>
      Promise.all([client.get(entryKey), Promise.all(namespaces.map(generationOf))]),
    );
    const location = { namespaces, generations, entryKey };
    return { location, json: entry.value ? current(entry.value.toString(), generations) : null };
  };

  /** Adds `entryKey` to a namespace generation's index, creating the index when absent. */
  const remember = async (indexKey: string, entryKey: string): Promise<void> => {
    const line = `${entryKey}\n`;
    // memcached refuses to append to a missing item ("Item not stored"): then create the index,
    // unless another write just did.
    if (await client.append(indexKey, line).catch(() => false)) return;
    if (await client.add(indexKey, line)) return;
    await client.append(indexKey, line);
  };

  const store = async (location: Location, json: string, ttl: number): Promise<void> => {
    const expires = ttl > MAX_RELATIVE_TTL_SECONDS ? Math.floor(Date.now() / 1000) + ttl : ttl;
    await Promise.all([
      client.set(location.entryKey, `${location.generations.join('.')}${HEADER_END}${json}`, { expires }),
      ...location.namespaces.map((namespace, i) =>
        remember(key('i', `${location.generations[i]}/${namespace}`), location.entryKey).catch(
          (error: unknown) =>
            // The value is stored and reachable; only deleteByPrefix's count may come out low.
            logger?.debug({ err: error, cache: NAME, namespace }, 'namespace index not updated'),
        ),
      ),
    ]);
  };

  /**
   * Writes with the generations this process saw last while reading the current ones; when they
   * differ (another process deleted a prefix, or none was seen yet), writes again with the current
   * ones. A write with outdated generations is never served, so the guess costs nothing when wrong.
   */
  const storeCurrent = async (cacheKey: string, json: string, ttl: number): Promise<void> => {
    const namespaces = namespacesOf(cacheKey, depth);
    const entryKey = key('e', cacheKey);
    const guessed = namespaces.map((namespace) => seen.get(namespace));
    const known = guessed.every((generation) => generation !== undefined);
    const [reading, writing] = inOneWrite(client, () => [
      Promise.all(namespaces.map(generationOf)),
      known ? store({ namespaces, generations: guessed as string[], entryKey }, json, ttl) : undefined,
    ]);
    if (writing) {
      const [generations] = await Promise.all([reading, writing]);
      if (generations.every((generation, i) => generation === guessed[i])) return;
    }
    await store({ namespaces, generations: await reading, entryKey }, json, ttl);
  };

  return defineCache(
    {
      name: NAME,

      async get(cacheKey) {
        const { json } = await memcached('GET', () => lookup(cacheKey));
        return json ?? undefined;
      },

      async set(cacheKey, json, ttlSeconds) {
        await memcached('SET', () => storeCurrent(cacheKey, json, ttlSeconds));
      },

      // The generations read here are the ones a computed value is stored under (see above).
      async lookup(cacheKey) {
        const { location, json } = await memcached('GET', () => lookup(cacheKey));
        return {
          text: json ?? undefined,
          store: (computed, ttlSeconds) => memcached('SET', () => store(location, computed, ttlSeconds)),
        };
      },

      async delete(cacheKey) {
        await memcached('DELETE', async () => {
          await client.delete(key('e', cacheKey));
        });
      },

      async deleteByPrefix(prefix) {
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
          const entryKeys = new Set(
            index
              .toString()
              .split('\n')
              .filter((line) => line !== ''),
          );
          const deleted = await Promise.all([...entryKeys].map((entryKey) => client.delete(entryKey)));
          await client.delete(indexKey);
          return deleted.filter(Boolean).length;
        });
      },

      ping: () =>
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

      async close() {
        client.close();
      },
    },
    {
      defaultTtlSeconds: options.defaultTtlSeconds,
      logger,
      circuitBreaker: options.circuitBreaker ?? {},
    },
  );
}

/** The JSON of an entry written under `generations`, or null when it was written under others. */
function current(entry: string, generations: string[]): string | null {
  const header = generations.join('.');
  return entry.length > header.length && entry.startsWith(header) && entry[header.length] === HEADER_END
    ? entry.slice(header.length + 1)
    : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
