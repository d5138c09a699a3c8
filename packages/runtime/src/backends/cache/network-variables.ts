import { z } from 'zod';
import { int, text, variable } from '../variable-kinds.js';

/** Settings every networked cache shares. */
export const cacheNetworkVariables = {
  CACHE_KEY_PREFIX: variable(
    z.string().trim().min(1).max(100).default('bharatmart:'),
    'prepended to every key of a networked cache, so deployments can share one server',
  ),
  CACHE_COMMAND_TIMEOUT_MS: variable(
    int(500, 10, 60_000),
    'a networked cache command slower than this fails and the read goes to the database',
  ),
};

/** The Redis URL, shared by `redis` and `oci-cache`. */
export const cacheRedisUrlVariable = {
  CACHE_REDIS_URL: variable(
    text(),
    'Redis URL (required for `redis` and `oci-cache`); a password goes in the URL (`redis://:password@host:6379`) and is masked wherever the configuration is shown',
    { credential: true },
  ),
};

/** The networked settings as each networked cache configuration carries them. */
export function cacheNetworkConfig(values: { CACHE_KEY_PREFIX: string; CACHE_COMMAND_TIMEOUT_MS: number }): {
  /** Prepended to every key, so deployments can share one cache server. */
  keyPrefix: string;
  /** A cache command slower than this fails (and the read goes to the database). */
  commandTimeoutMs: number;
} {
  return { keyPrefix: values.CACHE_KEY_PREFIX, commandTimeoutMs: values.CACHE_COMMAND_TIMEOUT_MS };
}
