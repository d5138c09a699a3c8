import { JOB_NAMES } from '../jobs/job-types.js';
import type { BackoffOptions, EnqueueOptions } from '../ports/worker.js';

/** Longest delay a Node timer accepts (about 24.8 days); longer waits are capped or re-armed in steps. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Returns `value` when it is a whole number from `min` to `max` (default the largest safe integer);
 * throws a RangeError naming `what` otherwise.
 */
export function wholeNumber(value: number, min: number, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new RangeError(`${what} must be a whole number ${range}, got ${value}`);
  }
  return value;
}

/** Throws a RangeError naming `what` unless `backoff` has a known type and a finite delay ≥ 0. */
export function assertBackoff(backoff: BackoffOptions, what: string): void {
  const known = backoff.type === 'fixed' || backoff.type === 'exponential';
  if (!known || !Number.isFinite(backoff.delayMs) || backoff.delayMs < 0) {
    throw new RangeError(`${what} must be { type: 'fixed' | 'exponential', delayMs: finite ≥ 0 }`);
  }
}

/** Throws a TypeError unless `name` is one of JOB_NAMES (a caller outside the type system may pass any). */
export function assertJobName(name: string): void {
  if (!(JOB_NAMES as readonly string[]).includes(name)) throw new TypeError(`unknown job name: ${name}`);
}

/** The delay `options` ask for, in milliseconds (default 0); throws a RangeError unless finite and ≥ 0. */
export function enqueueDelayMs(options: EnqueueOptions): number {
  const delayMs = options.delayMs ?? 0;
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(`delayMs must be a finite number ≥ 0, got ${delayMs}`);
  }
  return delayMs;
}

/** How long `stop()` waits for running handlers: `timeoutMs` (default 30 000), within 0 to MAX_TIMER_MS. */
export function stopTimeoutMs(options: { timeoutMs?: number }): number {
  return Math.min(Math.max(0, options.timeoutMs ?? 30_000), MAX_TIMER_MS);
}
