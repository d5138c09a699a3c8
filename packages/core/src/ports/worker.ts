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
   * Idempotency key. On an adapter whose `dedupesJobIds` is true: while a job with this id is known
   * to the queue (waiting, active, completed or failed and retained), enqueueing the same id again
   * adds nothing and returns the existing id. Elsewhere the job is enqueued again under this id.
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
  /** Tries this job may take in all, including the first: `attempt === attempts` is its last. */
  attempts: number;
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

/**
 * True when `error` is a PermanentJobError. Checked by its `name`, not with `instanceof`, so one
 * thrown by a handler built against another copy of core is honoured too.
 */
export function isPermanentJobError(error: unknown): error is PermanentJobError {
  return (
    typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'PermanentJobError'
  );
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

/** Counts of jobs by state for one queue. */
export type JobCounts = Record<JobState, number>;

/** A job that failed for good (attempts used up, or a PermanentJobError). */
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
 * Delivery is at least once; a job id makes enqueueing idempotent where the adapter `dedupesJobIds`. `stop()` stops taking new jobs
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
  /** Job counts by queue and state; how exact they are is `countAccuracy`. */
  counts(): Promise<Record<QueueName, JobCounts>>;
  /**
   * Capability flag: true when enqueued jobs survive this process's exit (a queue server holds
   * them). The in-process adapter is false, so the outbox keeps jobs until they complete.
   */
  readonly durable: boolean;
  /**
   * Capability flag: true when a job id enqueued again while the queue still knows it adds nothing
   * (see `EnqueueOptions.jobId`). False where the broker does not deduplicate (SQS standard queues,
   * OCI Queue): the job is enqueued again, and idempotent handlers with the outbox's keys make the
   * repeat harmless.
   */
  readonly dedupesJobIds: boolean;
  /**
   * Capability: `exact` when `counts()` reports every state per QueueName as it is. `approximate`
   * when it reports a broker's approximate numbers (SQS, OCI Queue): no completed jobs (always 0),
   * and a delayed job may count as active (a message hidden until due).
   */
  readonly countAccuracy: 'exact' | 'approximate';
}

/**
 * Capability sub-interface: the queue keeps the jobs that failed for good, lists them and puts them
 * back. Check for it with `inspectsFailedJobs`.
 */
export interface FailedJobInspection {
  /** The most recent failed jobs, newest first, at most `limit` (default 50). */
  failedJobs(limit?: number): Promise<FailedJob[]>;
  /** Puts a failed job back to waiting with fresh attempts. Returns false when no such failed job. */
  retry(jobId: string): Promise<boolean>;
}

/** A worker adapter that offers failed-job inspection and retry. */
export type InspectableWorkerAdapter = IWorkerAdapter & FailedJobInspection;

/** True when `worker` lists and retries its failed jobs (checked by its members, not its class). */
export function inspectsFailedJobs(worker: IWorkerAdapter): worker is InspectableWorkerAdapter {
  const candidate = worker as IWorkerAdapter & Partial<FailedJobInspection>;
  return typeof candidate.failedJobs === 'function' && typeof candidate.retry === 'function';
}

/**
 * Capability sub-interface: the queue library's own queue objects, for a dashboard made for that
 * library (the BullMQ adapter hands its BullMQ `Queue`s to bull-board). Core never looks inside
 * them, so no library type reaches it. Check for it with `offersDashboardQueues`.
 */
export interface DashboardQueueSource {
  /** The npm package whose queue objects `dashboardQueues()` returns, e.g. `bullmq`. */
  readonly queueLibrary: string;
  /** One queue object of `queueLibrary` per job name. Makes no round trip to the backend. */
  dashboardQueues(): readonly object[];
}

/** True when `worker` hands out its queue library's queue objects for a dashboard. */
export function offersDashboardQueues(
  worker: IWorkerAdapter,
): worker is IWorkerAdapter & DashboardQueueSource {
  const candidate = worker as IWorkerAdapter & Partial<DashboardQueueSource>;
  return typeof candidate.queueLibrary === 'string' && typeof candidate.dashboardQueues === 'function';
}
