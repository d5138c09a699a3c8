import { assertBackoff, wholeNumber } from '@bharatmart/core';
import type { BackoffOptions, Logger } from '@bharatmart/core';

/** Options of the BullMQ worker. */
export interface BullmqWorkerOptions {
  /** Redis URL of the queues (QUEUE_REDIS_URL), e.g. `redis://:password@host:6379/0`. */
  redisUrl: string;
  /**
   * PEM of the CA(s) the Redis server's certificate must chain to, instead of Node's bundled CAs (and
   * NODE_EXTRA_CA_CERTS); every connection then uses TLS and checks the certificate names the URL's host.
   * A `rediss://` URL alone uses TLS with the bundled CAs.
   */
  tlsCa?: string;
  /** Namespace of every Redis key the queues write: `<prefix>:<job name>:…`. Default `bharatmart`. */
  prefix?: string;
  /** Tries per job, including the first, when `enqueue` gives none. Default 5. */
  defaultAttempts?: number;
  /** Backoff when `enqueue` gives none. Default `{ type: 'exponential', delayMs: 1000 }`. */
  defaultBackoff?: BackoffOptions;
  /**
   * Completed jobs kept per job name, newest first; older ones are deleted when a job of that name
   * completes. A kept job's id still deduplicates `enqueue`. Default 1000.
   */
  removeOnComplete?: number;
  /** Failed jobs kept per job name (for `failedJobs`, `retry` and dedupe). Default 1000. */
  removeOnFail?: number;
  /** Milliseconds between checks for jobs whose worker stopped renewing its lock. Default 30 000. */
  stalledIntervalMs?: number;
  /**
   * Milliseconds a worker's lock on a running job lasts; renewed every half of it while the handler
   * runs. When a worker process dies, its jobs return to waiting once the lock expired and a stalled
   * check ran (within about lockDurationMs + 2 × stalledIntervalMs). Default 30 000.
   */
  lockDurationMs?: number;
  /** Receives failed attempts (ids and messages, no payload) and Redis connection problems. */
  logger?: Logger;
}

/** The options with their defaults applied and checked. */
export interface ResolvedOptions {
  redisUrl: string;
  tlsCa: string | undefined;
  prefix: string;
  attempts: number;
  backoff: BackoffOptions;
  removeOnComplete: number;
  removeOnFail: number;
  stalledIntervalMs: number;
  lockDurationMs: number;
  logger: Logger | undefined;
}

/** Applies defaults and throws a RangeError naming the first invalid option. */
export function resolveOptions(options: BullmqWorkerOptions): ResolvedOptions {
  if (!options.redisUrl) throw new RangeError('redisUrl is required');
  const prefix = options.prefix ?? 'bharatmart';
  if (prefix === '') throw new RangeError('prefix must not be empty');
  const backoff = { ...(options.defaultBackoff ?? { type: 'exponential', delayMs: 1000 }) };
  assertBackoff(backoff, 'defaultBackoff');
  return {
    redisUrl: options.redisUrl,
    tlsCa: options.tlsCa,
    prefix,
    attempts: wholeNumber(options.defaultAttempts ?? 5, 1, 'defaultAttempts'),
    backoff,
    removeOnComplete: wholeNumber(options.removeOnComplete ?? 1000, 0, 'removeOnComplete'),
    removeOnFail: wholeNumber(options.removeOnFail ?? 1000, 0, 'removeOnFail'),
    stalledIntervalMs: wholeNumber(options.stalledIntervalMs ?? 30_000, 1, 'stalledIntervalMs'),
    lockDurationMs: wholeNumber(options.lockDurationMs ?? 30_000, 1, 'lockDurationMs'),
    logger: options.logger,
  };
}

/**
 * Throws a RangeError unless `jobId` is usable as a BullMQ custom id: not empty, no ':' (BullMQ builds
 * its Redis keys with it) and not an integer (BullMQ reserves those for its own ids).
 */
export function assertJobId(jobId: string): void {
  if (jobId === '' || jobId.includes(':') || `${Number.parseInt(jobId, 10)}` === jobId) {
    throw new RangeError(
      `jobId must be non-empty, without ':' and not an integer, got ${JSON.stringify(jobId)}`,
    );
  }
}
