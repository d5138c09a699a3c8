import { AdapterError } from '../errors.js';
import type { CacheValue, ICacheAdapter } from '../ports/cache.js';
import { measureHealth } from '../ports/health.js';
import type { HealthStatus } from '../ports/health.js';
import type { Logger } from '../ports/logger.js';
import { cacheTtlSeconds, cacheText, fromCacheText, requireWholeOption } from './cache-values.js';
import { createCircuitBreaker } from './circuit-breaker.js';
import { createSingleFlight } from './single-flight.js';

/**
 * A read that can be followed by a write of the same key, for a backend whose write must know what
 * the read saw (e.g. memcached's namespace generations).
 */
export interface CacheLookup {
  /** The text stored under the key, or `undefined` when absent or expired. */
  text: string | undefined;
  /**
   * Stores `text` under the key for `ttlSeconds`, such that it is never served if the key was
   * invalidated (deleted, or its prefix dropped) after the read.
   */
  store(text: string, ttlSeconds: number): Promise<void>;
}

/**
 * What a cache backend must supply: text in, text out, with expiry. `defineCache` adds the rest of
 * ICacheAdapter. Every member may assume its arguments were checked (TTL whole and ≥ 1) and the
 * cache is not closed. A backend that cannot be reached throws `AdapterError` `UNAVAILABLE` or
 * `TIMEOUT`, which the circuit breaker (when enabled) counts.
 */
export interface CacheDriver {
  /** The backend's short name, e.g. `redis`; becomes the cache's name and its errors' adapter. */
  readonly name: string;
  /** The text stored under `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `text` under `key` for `ttlSeconds` (whole seconds ≥ 1), replacing any previous text. */
  set(key: string, text: string, ttlSeconds: number): Promise<void>;
  /** Removes `key`; an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** Removes every key starting with `prefix`; returns how many were removed. */
  deleteByPrefix(prefix: string): Promise<number>;
  /**
   * Optional: a read whose later write is void if the key is invalidated in between (see
   * CacheLookup). Without it, `getOrSet` re-reads with `get` and writes with `set`.
   */
  lookup?(key: string): Promise<CacheLookup>;
  /** Optional: throws when the backend does not answer now. Without it the cache is `up` until closed. */
  ping?(): Promise<void>;
  /** Optional: releases connections and timers; called once, by the cache's first `close()`. */
  close?(): Promise<void>;
  /**
   * Optional, default false: true when stored text never leaves this process, so a string value
   * may be stored as it is instead of as JSON (a cached rendered page is then read without parsing).
   */
  readonly inProcess?: boolean;
}

/** What `defineCache` adds around a driver. */
export interface DefineCacheOptions {
  /** TTL in whole seconds for `set` / `getOrSet` calls that give none. Default 300. */
  defaultTtlSeconds?: number;
  /** Receives the circuit breaker's down and up lines, and failed writes of computed values. */
  logger?: Logger;
  /**
   * Puts every backend call behind a circuit breaker: after `failureThreshold` consecutive outages
   * (default 5) calls fail at once with `AdapterError` `UNAVAILABLE` without touching the backend,
   * and `health()` answers `degraded`, until a probe after `halfOpenAfterMs` (default 10 000)
   * finds the backend back. Omit for a backend that cannot go away (in-process memory).
   */
  circuitBreaker?: { failureThreshold?: number; halfOpenAfterMs?: number };
}

/**
 * The ICacheAdapter of `driver`: values stored as JSON text (`cacheText`), TTLs checked before the
 * backend is called, `getOrSet` as read → single flight per key in this process → re-read → compute
 * → write (a failed write is logged and the value still returned; a failed computation reaches every
 * waiting caller and stores nothing), an optional circuit breaker around backend calls (never around
 * the computation) whose state the cache reports (`CircuitStateReporting`), and an idempotent `close()` after which every call throws `AdapterError`
 * `UNAVAILABLE` ("cache is closed") and `health()` reports `down`.
 */
export function defineCache(driver: CacheDriver, options: DefineCacheOptions = {}): ICacheAdapter {
  const { name } = driver;
  const defaultTtl = options.defaultTtlSeconds ?? 300;
  requireWholeOption(name, 'defaultTtlSeconds', defaultTtl);
  const logger = options.logger;
  const rawStrings = driver.inProcess ?? false;
  const breaker = options.circuitBreaker
    ? createCircuitBreaker({
        name,
        failureThreshold: options.circuitBreaker.failureThreshold ?? 5,
        halfOpenAfterMs: options.circuitBreaker.halfOpenAfterMs ?? 10_000,
        logger,
        context: { cache: name },
        downMessage: `cache ${name} unavailable; bypassed (reads go to the database) until it answers again`,
        upMessage: `cache ${name} answers again; back in use`,
      })
    : undefined;
  const flights = createSingleFlight();
  let closing: Promise<void> | undefined;

  /** Runs one backend call of an open cache, through the breaker when there is one. */
  const backend = <T>(call: () => Promise<T>): Promise<T> => {
    if (closing) return Promise.reject(new AdapterError(name, 'UNAVAILABLE', 'cache is closed'));
    return breaker ? breaker.execute(call) : call();
  };
  const lookup = (key: string): Promise<CacheLookup> =>
    driver.lookup
      ? driver.lookup(key)
      : driver.get(key).then((text) => ({ text, store: (json, ttl) => driver.set(key, json, ttl) }));
  const ping = async (): Promise<void> => {
    if (closing) throw new AdapterError(name, 'UNAVAILABLE', 'cache is closed');
    await driver.ping?.();
  };

  const cache: ICacheAdapter = {
    name,

    async get<T extends CacheValue>(key: string): Promise<T | undefined> {
      const text = await backend(() => driver.get(key));
      return text === undefined ? undefined : (fromCacheText(text) as T);
    },

    async set(key: string, value: CacheValue, ttlSeconds?: number): Promise<void> {
      const ttl = cacheTtlSeconds(ttlSeconds, defaultTtl);
      const text = cacheText(value, rawStrings);
      await backend(() => driver.set(key, text, ttl));
    },

    delete: (key) => backend(() => driver.delete(key)),

    deleteByPrefix: (prefix) => backend(() => driver.deleteByPrefix(prefix)),

    async getOrSet<T extends CacheValue>(
      key: string,
      compute: () => Promise<T>,
      ttlSeconds?: number,
    ): Promise<T> {
      const ttl = cacheTtlSeconds(ttlSeconds, defaultTtl);
      const hit = await backend(() => driver.get(key));
      if (hit !== undefined) return fromCacheText(hit) as T;
      const text = await flights.run(key, async () => {
        // A flight that finished between our miss and this run has already stored the value.
        const found = await backend(() => lookup(key));
        if (found.text !== undefined) return found.text;
        const computed = cacheText(await compute(), rawStrings);
        await backend(() => found.store(computed, ttl)).catch((error: unknown) =>
          logger?.warn(
            { cache: name, key, error: error instanceof Error ? error.message : String(error) },
            'could not store a computed value',
          ),
        );
        return computed;
      });
      // Each caller decodes its own copy, so callers sharing one computation share no objects.
      return fromCacheText(text) as T;
    },

    async health(): Promise<HealthStatus> {
      if (!breaker || breaker.state() === 'closed' || closing) return measureHealth(ping);
      // Open: refused at once (degraded) unless a probe is due, which this check then is.
      const status = await measureHealth(() => breaker.execute(ping));
      if (status.status === 'up') return status;
      return { status: 'degraded', latencyMs: status.latencyMs, message: `bypassed: ${status.message}` };
    },

    close(): Promise<void> {
      closing ??= driver.close?.() ?? Promise.resolve();
      return closing;
    },
  };
  return breaker ? Object.assign(cache, { circuitState: () => breaker.state() }) : cache;
}
