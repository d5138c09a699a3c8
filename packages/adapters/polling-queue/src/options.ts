import { assertBackoff, wholeNumber } from '@bharatmart/core';
import type { BackoffOptions, Logger } from '@bharatmart/core';

/** The options every polling-queue adapter takes besides where its queue is. */
export interface PollingQueueOptions {
  /**
   * Seconds a received job stays hidden from other consumers; renewed every third of it while its
   * handler runs, so a dead worker's job reappears within this time. 1–43 200, default 30.
   */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait of each receive call in seconds, from 0 to the queue's maximum. Default 20. */
  waitTimeSeconds?: number;
  /** Tries per job, including the first, when `enqueue` gives none. Default 5. */
  defaultAttempts?: number;
  /** Backoff when `enqueue` gives none (rounded up to whole seconds). Default exponential from 1 000 ms. */
  defaultBackoff?: BackoffOptions;
  /** Receives failed attempts and broker errors (ids and messages, never a payload). */
  logger?: Logger;
}

/** The shared options with their defaults applied and checked. */
export interface ResolvedPollingQueueOptions {
  visibilityTimeoutSeconds: number;
  waitTimeSeconds: number;
  attempts: number;
  backoff: BackoffOptions;
  logger: Logger | undefined;
}

/** Longest visibility timeout the queues allow: 12 hours. */
const MAX_VISIBILITY_S = 43_200;

/**
 * Applies the defaults and throws a RangeError naming the first invalid option; `maxWaitTimeSeconds`
 * is the longest long poll the queue allows.
 */
export function resolvePollingQueueOptions(
  options: PollingQueueOptions,
  maxWaitTimeSeconds: number,
): ResolvedPollingQueueOptions {
  const backoff = { ...(options.defaultBackoff ?? { type: 'exponential', delayMs: 1000 }) };
  assertBackoff(backoff, 'defaultBackoff');
  return {
    visibilityTimeoutSeconds: wholeNumber(
      options.visibilityTimeoutSeconds ?? 30,
      1,
      'visibilityTimeoutSeconds',
      MAX_VISIBILITY_S,
    ),
    waitTimeSeconds: wholeNumber(options.waitTimeSeconds ?? 20, 0, 'waitTimeSeconds', maxWaitTimeSeconds),
    attempts: wholeNumber(options.defaultAttempts ?? 5, 1, 'defaultAttempts'),
    backoff,
    logger: options.logger,
  };
}
