import { CACHE_BACKENDS } from './cache/index.js';
import { DATABASE_BACKENDS } from './database/index.js';
import { EMAIL_BACKENDS } from './email/index.js';
import { PAYMENT_BACKENDS } from './payments/index.js';
import { SECRETS_BACKENDS } from './secrets/index.js';
import { WORKER_BACKENDS } from './worker/index.js';

/**
 * The ports with configurable backends, each with the variable that chooses its backend and its registry of descriptors.
 * `fallback` is the variable choosing an optional second backend of the same port.
 */
export const PORTS = {
  database: {
    choice: 'DATABASE_TYPE',
    fallback: 'DATABASE_FALLBACK_TYPE',
    backends: DATABASE_BACKENDS,
  },
  worker: { choice: 'WORKER_MODE', backends: WORKER_BACKENDS },
  cache: { choice: 'CACHE_TYPE', backends: CACHE_BACKENDS },
  secrets: { choice: 'SECRETS_PROVIDER', fallback: 'SECRETS_FALLBACK', backends: SECRETS_BACKENDS },
  payments: { choice: 'PAYMENT_PROVIDER', backends: PAYMENT_BACKENDS },
  email: { choice: 'EMAIL_TRANSPORT', backends: EMAIL_BACKENDS },
} as const;

export type PortName = keyof typeof PORTS;

/** The backend names of a registry as a non-empty tuple, in registry order (default first). */
export function backendNames<R extends Record<string, unknown>>(
  backends: R,
): [keyof R & string, ...(keyof R & string)[]] {
  return Object.keys(backends) as [keyof R & string, ...(keyof R & string)[]];
}
