import type {
  BackoffOptions,
  FailedJob,
  JobHandler,
  JobName,
  JobState,
  Logger,
  QueueName,
} from '@bharatmart/core';

/** Options of the in-process worker. */
export interface InProcessWorkerOptions {
  /** Tries per job, including the first, when `enqueue` gives none. Default 5. */
  defaultAttempts?: number;
  /** Backoff when `enqueue` gives none. Default `{ type: 'exponential', delayMs: 1000 }`. */
  defaultBackoff?: BackoffOptions;
  /** Completed jobs remembered (for counts and job-id dedupe), oldest dropped first. Default 1000. */
  retainCompleted?: number;
  /** Failed jobs remembered (for `failedJobs` / `retry`), oldest dropped first. Default 1000. */
  retainFailed?: number;
  /** Receives one line per failed attempt and per finally failed job (ids and messages, no payload). */
  logger?: Logger;
}

/** One job as the worker tracks it, from enqueue until it is dropped from retention. */
export interface JobRecord {
  readonly id: string;
  readonly name: JobName;
  readonly queue: QueueName;
  /** Stored as JSON so every attempt sees a fresh copy, as it would from a queue server. */
  readonly payloadJson: string;
  readonly attempts: number;
  readonly backoff: BackoffOptions;
  state: JobState;
  attemptsMade: number;
  runAt: number;
  timer: NodeJS.Timeout | undefined;
  /** Aborts the running attempt's signal with `reason`; undefined while no attempt runs. */
  abort: ((reason: unknown) => void) | undefined;
  /** Still running when stop() gave up on it; returns to waiting if it then fails. */
  abandoned: boolean;
  error: string | undefined;
  failedAt: string | undefined;
}

/** The handler registered for one job name and how many of its jobs run now. */
export interface HandlerSlot {
  handler: JobHandler;
  concurrency: number;
  active: number;
}

/** The public view of a failed job. */
export function toFailedJob(record: JobRecord): FailedJob {
  return {
    id: record.id,
    name: record.name,
    queue: record.queue,
    payload: JSON.parse(record.payloadJson) as unknown,
    attempts: record.attemptsMade,
    error: record.error ?? '',
    failedAt: record.failedAt ?? '',
  };
}
