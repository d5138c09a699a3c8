import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import type { BackoffOptions, Logger } from '@bharatmart/core';

/** Options of the SQS worker. */
export interface SqsWorkerOptions {
  /**
   * URL of the one queue that carries every job (SQS_QUEUE_URL). A URL ending in `.fifo` is a FIFO
   * queue: job ids then deduplicate for SQS's 5-minute window.
   */
  queueUrl: string;
  /** The queue's region (AWS_REGION), e.g. `ap-south-1`. */
  region: string;
  /** Endpoint to call instead of the region's (VPC endpoint, or a local stand-in in tests). */
  endpoint?: string;
  /** Credentials; default the SDK's own chain (environment, shared files, instance or task role). */
  credentials?: SQSClientConfig['credentials'];
  /**
   * Queue that keeps jobs which used up their attempts (for `failedJobs` and `retry`). Default the
   * `deadLetterTargetArn` of the queue's RedrivePolicy; one of the two is required.
   */
  deadLetterQueueUrl?: string;
  /**
   * Seconds a received job stays hidden from other consumers; renewed every third of it while its
   * handler runs, so a dead worker's job reappears within this time. 1–43 200, default 30.
   */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait of each ReceiveMessage call, 0–20 seconds. Default 20. */
  waitTimeSeconds?: number;
  /** Tries per job, including the first, when `enqueue` gives none. Default 5. */
  defaultAttempts?: number;
  /** Backoff when `enqueue` gives none (rounded up to whole seconds). Default exponential from 1 000 ms. */
  defaultBackoff?: BackoffOptions;
  /** Receives failed attempts and broker errors (ids and messages, never a payload). */
  logger?: Logger;
}

/** The options with their defaults applied and checked. */
export interface ResolvedSqsOptions {
  queueUrl: string;
  fifo: boolean;
  deadLetterQueueUrl: string | undefined;
  visibilityTimeoutSeconds: number;
  waitTimeSeconds: number;
  attempts: number;
  backoff: BackoffOptions;
  logger: Logger | undefined;
}

/** Applies defaults and throws a RangeError naming the first invalid option. */
export function resolveSqsOptions(options: SqsWorkerOptions): ResolvedSqsOptions {
  if (!options.queueUrl) throw new RangeError('queueUrl is required');
  if (!options.region) throw new RangeError('region is required');
  const backoff = { ...(options.defaultBackoff ?? { type: 'exponential', delayMs: 1000 }) };
  assertBackoff(backoff, 'defaultBackoff');
  return {
    queueUrl: options.queueUrl,
    fifo: options.queueUrl.endsWith('.fifo'),
    deadLetterQueueUrl: options.deadLetterQueueUrl,
    visibilityTimeoutSeconds: wholeNumber(
      options.visibilityTimeoutSeconds ?? 30,
      1,
      'visibilityTimeoutSeconds',
      43_200,
    ),
    waitTimeSeconds: wholeNumber(options.waitTimeSeconds ?? 20, 0, 'waitTimeSeconds', 20),
    attempts: wholeNumber(options.defaultAttempts ?? 5, 1, 'defaultAttempts'),
    backoff,
    logger: options.logger,
  };
}

/** Returns `value` when it is a whole number from `min` to `max`; throws a RangeError naming `what`. */
export function wholeNumber(value: number, min: number, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Throws a RangeError unless `backoff` has a known type and a finite, non-negative delay. */
export function assertBackoff(backoff: BackoffOptions, what: string): void {
  const known = backoff.type === 'fixed' || backoff.type === 'exponential';
  if (!known || !Number.isFinite(backoff.delayMs) || backoff.delayMs < 0) {
    throw new RangeError(`${what} must be { type: 'fixed' | 'exponential', delayMs: finite ≥ 0 }`);
  }
}

/**
 * Whole seconds to hide a job after `attemptsMade` failed tries: `fixed` waits `delayMs`,
 * `exponential` `delayMs × 2^(attemptsMade − 1)`, rounded up, at most `maxSeconds`.
 */
export function backoffSeconds(backoff: BackoffOptions, attemptsMade: number, maxSeconds: number): number {
  const ms =
    backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** Math.max(0, attemptsMade - 1);
  return Math.min(Math.ceil(ms / 1000), maxSeconds);
}
