import type { BackoffOptions } from '@bharatmart/core';

/** Longest delay a Node timer accepts (about 24.8 days); longer ones are re-armed in steps. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Milliseconds to wait before the next try after `attemptsMade` failed tries (1 after the first):
 * `fixed` waits `delayMs` every time, `exponential` waits `delayMs × 2^(attemptsMade − 1)`.
 * Never negative; capped at MAX_TIMER_MS.
 */
export function backoffDelayMs(backoff: BackoffOptions, attemptsMade: number): number {
  const base = Math.max(0, backoff.delayMs);
  const delay = backoff.type === 'fixed' ? base : base * 2 ** Math.max(0, attemptsMade - 1);
  return Math.min(delay, MAX_TIMER_MS);
}

/** Throws a RangeError unless `backoff` has a known type and a finite, non-negative delay. */
export function assertBackoff(backoff: BackoffOptions, what: string): void {
  if ((backoff.type !== 'fixed' && backoff.type !== 'exponential') || !(backoff.delayMs >= 0)) {
    throw new RangeError(`${what} must be { type: 'fixed' | 'exponential', delayMs ≥ 0 }`);
  }
  if (!Number.isFinite(backoff.delayMs)) throw new RangeError(`${what}.delayMs must be finite`);
}
