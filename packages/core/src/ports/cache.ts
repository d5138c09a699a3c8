import type { CircuitStateName } from '../util/circuit-breaker.js';
import type { AdapterLifecycle } from './health.js';

/**
 * What a cache stores: any value that survives `JSON.stringify` / `JSON.parse` unchanged (plain
 * objects, arrays, strings, finite numbers, booleans, null). Typed loosely so domain interfaces fit.
 */
export type CacheValue = unknown;

/**
 * A key-value cache with expiry. The cache is an optimisation: callers must be correct when every
 * `get` misses, and a cache whose backend is down is expected to be bypassed, not to fail requests.
 * Keys are plain strings; an adapter may prefix them for its deployment, invisibly to callers.
 */
export interface ICacheAdapter extends AdapterLifecycle {
  /** The stored value, or `undefined` when absent or expired. */
  get<T extends CacheValue>(key: string): Promise<T | undefined>;
  /**
   * Stores `value` under `key`.
   * @param ttlSeconds Time to live in seconds (whole seconds, ≥ 1). Omit for the adapter's default TTL.
   * A value without a JSON form (`undefined`, functions) or a TTL that is not a whole number ≥ 1 is
   * rejected (TypeError / RangeError) and nothing is stored.
   */
  set(key: string, value: CacheValue, ttlSeconds?: number): Promise<void>;
  /** Removes `key`; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Removes every key starting with `prefix` and returns how many were removed (an adapter that
   * cannot count returns the number it tried).
   */
  deleteByPrefix(prefix: string): Promise<number>;
  /**
   * The value under `key`; when missing, runs `compute` once, stores its result with `ttlSeconds`
   * and returns it. Concurrent callers for the same missing key in this process wait for that one
   * computation instead of running their own (no stampede). If `compute` throws, every waiting caller
   * gets the error and nothing is stored.
   */
  getOrSet<T extends CacheValue>(key: string, compute: () => Promise<T>, ttlSeconds?: number): Promise<T>;
}

/**
 * Capability sub-interface of a cache behind a circuit breaker (the networked ones): it tells where
 * its circuit stands, without I/O. Check for it with `reportsCircuitState`.
 */
export interface CircuitStateReporting {
  /** `closed` while calls reach the backend; `open` / `half-open` while it is bypassed. */
  circuitState(): CircuitStateName;
}

/** True when `cache` tells where its circuit breaker stands (checked by its members). */
export function reportsCircuitState(cache: ICacheAdapter): cache is ICacheAdapter & CircuitStateReporting {
  return typeof (cache as ICacheAdapter & Partial<CircuitStateReporting>).circuitState === 'function';
}
