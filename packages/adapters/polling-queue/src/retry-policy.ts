import { isPermanentJobError } from '@bharatmart/core';
import type { BackoffOptions } from '@bharatmart/core';
import type { JobMessage } from './job-message.js';

/** Longest the queues hide a received message (12 hours), less a margin. */
const MAX_HIDE_S = 43_000;

/** What becomes of a job whose try failed. */
export type FailedTry =
  { retry: true; error: string; hideSeconds: number } | { retry: false; error: string; permanent: boolean };

/** Whole seconds to hide a message for `ms`: rounded up, at most MAX_HIDE_S. */
export function hideSeconds(ms: number): number {
  return Math.min(Math.ceil(ms / 1000), MAX_HIDE_S);
}

/**
 * Whole seconds to hide a job after `attemptsMade` failed tries: `fixed` waits `delayMs`,
 * `exponential` `delayMs × 2^(attemptsMade − 1)`, rounded up, at most MAX_HIDE_S.
 */
export function backoffSeconds(backoff: BackoffOptions, attemptsMade: number): number {
  const ms =
    backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** Math.max(0, attemptsMade - 1);
  return hideSeconds(ms);
}

/**
 * The fate of try `attempt` of `job`, which failed with `error`: retried after its backoff while
 * attempts remain, else failed for good, at once when `error` is a PermanentJobError.
 */
export function judgeFailedTry(job: JobMessage, attempt: number, error: unknown): FailedTry {
  const message = error instanceof Error ? error.message : String(error);
  const permanent = isPermanentJobError(error);
  if (!permanent && attempt < job.attempts) {
    return { retry: true, error: message, hideSeconds: backoffSeconds(job.backoff, attempt) };
  }
  return { retry: false, error: message, permanent };
}
