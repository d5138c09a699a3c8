import { AdapterError } from '../errors.js';
import type { CacheValue } from '../ports/cache.js';

const isWholePositive = (value: number): boolean => Number.isInteger(value) && value >= 1;

/** The JSON text a cache adapter stores for `value`; a TypeError for a value JSON cannot represent. */
export function cacheJson(value: CacheValue): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(`cannot cache a value of type ${typeof value}: it has no JSON form`);
  }
  return json;
}

/** The TTL of one cache write: `ttlSeconds`, or `fallback` when not given; a RangeError unless whole and ≥ 1. */
export function cacheTtlSeconds(ttlSeconds: number | undefined, fallback: number): number {
  if (ttlSeconds === undefined) return fallback;
  if (!isWholePositive(ttlSeconds)) {
    throw new RangeError(`ttlSeconds must be a whole number ≥ 1, got ${ttlSeconds}`);
  }
  return ttlSeconds;
}

/** Rejects an adapter option that is not a whole number ≥ 1 with AdapterError MISCONFIGURED naming it. */
export function requireWholeOption(adapter: string, option: string, value: number): void {
  if (!isWholePositive(value)) {
    throw new AdapterError(adapter, 'MISCONFIGURED', `${option} must be a whole number ≥ 1, got ${value}`);
  }
}

/** Starts a stored string kept as it is; JSON text never starts with it. */
const RAW_STRING = '\u0000';

/**
 * The text a cache stores for `value`: its JSON text (see `cacheJson`), or, with `rawStrings`, a
 * string kept as it is behind a marker, so that reading it back costs no parsing.
 */
export function cacheText(value: CacheValue, rawStrings: boolean): string {
  return rawStrings && typeof value === 'string' ? RAW_STRING + value : cacheJson(value);
}

/** The value of a text written by `cacheText`: a fresh copy on every call, never a shared object. */
export function fromCacheText(text: string): CacheValue {
  return text.startsWith(RAW_STRING) ? text.slice(RAW_STRING.length) : JSON.parse(text);
}
