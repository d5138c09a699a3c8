/**
 * The codes a domain operation can fail with. Each maps to exactly one HTTP status in the API's
 * error handler; adapters raise `UNAVAILABLE` (503) when their backend cannot be reached.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'EMAIL_TAKEN'
  | 'INSUFFICIENT_STOCK'
  | 'TOO_MANY_PENDING_ORDERS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INVALID_STATE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

/** A failure the caller can act on: its `code` says what went wrong, `details` name the culprits. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Codes an adapter reports with; `UNAVAILABLE` means the backend did not answer in time;
 * `WRITES_PAUSED` means a live database switch holds writes for a moment (retry shortly).
 */
export type AdapterErrorCode =
  'UNAVAILABLE' | 'TIMEOUT' | 'MISCONFIGURED' | 'NOT_SUPPORTED' | 'WRITES_PAUSED';

/**
 * A backend failure, naming the adapter (e.g. `redis`) so logs and /readyz say which one.
 * Carries the driver's error as `cause`; never a secret in its message.
 */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  constructor(
    readonly adapter: string,
    readonly code: AdapterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[${adapter}] ${message}`, options);
  }
}

/** True when `error` is a DomainError with one of the given codes (any code when none given). */
export function isDomainError(error: unknown, ...codes: DomainErrorCode[]): error is DomainError {
  return error instanceof DomainError && (codes.length === 0 || codes.includes(error.code));
}

/**
 * True when `error` is an AdapterError with one of the given codes (any code when none given).
 * Checked as data (its `name` and `code`), not with `instanceof`, so an error built by another copy
 * of core (another bundle, another VM realm) counts as well.
 */
export function isAdapterError(error: unknown, ...codes: AdapterErrorCode[]): error is AdapterError {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'AdapterError' && (codes.length === 0 || codes.includes(code as AdapterErrorCode));
}
