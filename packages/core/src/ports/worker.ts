import type { JobName, JobPayloads, QueueName } from '../jobs/job-types.js';
import type { AdapterLifecycle } from './health.js';

/** How a failed job is retried. */
export interface BackoffOptions {
  /** `exponential`: delayMs, 2×delayMs, 4×delayMs …; `fixed`: delayMs every time. */
  type: 'exponential' | 'fixed';
  /** Base delay in milliseconds. */
  delayMs: number;
}

export interface EnqueueOptions {
  /**
   * Idempotency key: while a job with this id is known to the queue (waiting, active, completed or
   * failed and retained), enqueueing the same id again adds nothing and returns the existing id.
   */
  jobId?: string;
  /** Run no earlier than this many milliseconds from now. Default 0. */
  delayMs?: number;
  /** Total tries including the first. Default from the adapter's options (typically 5). */
  attempts?: number;
  /** Default `{ type: 'exponential', delayMs: 1000 }` unless the adapter was configured otherwise. */
  backoff?: BackoffOptions;
}

/** What a handler sees of the job it runs. */
export interface JobContext<N extends JobName = JobName> {
  id: string;
  name: N;
  payload: JobPayloads[N];
  /** 1 on the first try. */
  attempt: number;
  /** Aborted when the worker is stopping and gave up waiting for the handler. */
  signal: AbortSignal;
}

/**
 * Runs one job. Delivery is at least once, so handlers must be idempotent. A handler that throws
 * is retried with backoff until `attempts` is used up; the job then stays in the failed list.
 * Throw a `PermanentJobError` to fail at once without further tries.
 */
export type JobHandler<N extends JobName = JobName> = (job: JobContext<N>) => Promise<void>;

/** Tells the worker not to retry: the job can never succeed. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

/** Counts of jobs by state for one queue. */
export type JobCounts = Record<JobState, number>;

export interface FailedJob {
  id: string;
  name: JobName;
  queue: QueueName;
  payload: unknown;
  /** Tries made, including the first. */
  attempts: number;
  /** The message of the last error. */
  error: string;
  /** ISO-8601 time of the last failure. */
  failedAt: string;
}

export interface ProcessOptions {
  /** Handlers of this job name allowed to run at once in this process. Default 1. */
  concurrency?: number;
}

/**
 * A job queue. Producers `enqueue`; consumers register handlers with `process` and call `start`.
 * Delivery is at least once; a job id makes enqueueing idempotent. `stop()` stops taking new jobs
 * and waits for running handlers to finish (up to its timeout) before resolving.
 */
export interface IWorkerAdapter extends AdapterLifecycle {
  /** Adds a job and resolves once the queue has durably accepted it; returns the job's id. */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<string>;
  /** Registers the handler for `name` in this process. Call before `start()`. */
  process<N extends JobName>(name: N, handler: JobHandler<N>, options?: ProcessOptions): void;
  /** Begins consuming jobs for the registered handlers. Idempotent. */
  start(): Promise<void>;
  /**
   * Stops taking jobs and waits for running handlers, at most `timeoutMs` (default 30 000); then
   * aborts their signals. Jobs not finished return to the queue where the backend allows.
   * Final: `start()` must not be called again, and a non-durable adapter then rejects `enqueue`
   * with AdapterError `UNAVAILABLE`.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Job counts by queue and state. */
  counts(): Promise<Record<QueueName, JobCounts>>;
  /** The most recent failed jobs, newest first, at most `limit` (default 50). */
  failedJobs(limit?: number): Promise<FailedJob[]>;
  /** Puts a failed job back to waiting with fresh attempts. Returns false when no such failed job. */
  retry(jobId: string): Promise<boolean>;
  /**
   * Capability flag: true when enqueued jobs survive this process's exit (a queue server holds
   * them). The in-process adapter is false, so the outbox keeps jobs until they complete.
   */
  readonly durable: boolean;
}
