import { MAX_TIMER_MS } from '@bharatmart/core';
import type { BackoffOptions } from '@bharatmart/core';

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
