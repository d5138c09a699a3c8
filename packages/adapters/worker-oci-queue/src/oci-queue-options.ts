import type { BackoffOptions, Logger } from '@bharatmart/core';
import type { AuthenticationDetailsProvider } from 'oci-common';

/** Options of the OCI Queue worker. */
export interface OciQueueWorkerOptions {
  /** OCID of the one queue that carries every job (OCI_QUEUE_OCID). */
  queueId: string;
  /** The queue's messages endpoint (OCI_QUEUE_ENDPOINT), e.g. `https://cell-1.queue.messaging.ap-mumbai-1.oci.oraclecloud.com`. */
  endpoint: string;
  /** A ready authentication provider; takes precedence over the config file. */
  authProvider?: AuthenticationDetailsProvider;
  /** OCI config file for API-key authentication. Default the SDK's `~/.oci/config`. */
  configFile?: string;
  /** Profile of the config file. Default `DEFAULT`. */
  profile?: string;
  /**
   * Seconds a received job stays hidden from other consumers; renewed every third of it while its
   * handler runs, so a dead worker's job reappears within this time. 1–43 200, default 30.
   */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait of each GetMessages call, 0–30 seconds. Default 20. */
  waitTimeSeconds?: number;
  /** Tries per job, including the first, when `enqueue` gives none. Default 5. */
  defaultAttempts?: number;
  /** Backoff when `enqueue` gives none (rounded up to whole seconds). Default exponential from 1 000 ms. */
  defaultBackoff?: BackoffOptions;
  /** Attempts per request on network errors, 5xx and 429, including the first. Default 3. */
  maxAttempts?: number;
  /** Receives failed attempts and service errors (ids and messages, never a payload). */
  logger?: Logger;
}

/** The options with their defaults applied and checked. */
export interface ResolvedOciQueueOptions {
  queueId: string;
  visibilityTimeoutSeconds: number;
  waitTimeSeconds: number;
  attempts: number;
  backoff: BackoffOptions;
  logger: Logger | undefined;
}

/** Applies defaults and throws a RangeError naming the first invalid option. */
export function resolveOciQueueOptions(options: OciQueueWorkerOptions): ResolvedOciQueueOptions {
  if (!options.queueId) throw new RangeError('queueId is required');
  if (!options.endpoint) throw new RangeError('endpoint is required');
  const backoff = { ...(options.defaultBackoff ?? { type: 'exponential', delayMs: 1000 }) };
  assertBackoff(backoff, 'defaultBackoff');
  wholeNumber(options.maxAttempts ?? 3, 1, 'maxAttempts');
  return {
    queueId: options.queueId,
    visibilityTimeoutSeconds: wholeNumber(
      options.visibilityTimeoutSeconds ?? 30,
      1,
      'visibilityTimeoutSeconds',
      43_200,
    ),
    waitTimeSeconds: wholeNumber(options.waitTimeSeconds ?? 20, 0, 'waitTimeSeconds', 30),
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
