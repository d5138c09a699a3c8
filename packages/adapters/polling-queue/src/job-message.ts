import { JOB_NAMES, queueOf } from '@bharatmart/core';
import type { BackoffOptions, FailedJob, JobName } from '@bharatmart/core';

/** Why a job failed for good, recorded in its body where failed jobs are kept. */
export interface FailureRecord {
  /** The message of the last error. */
  error: string;
  /** Tries made (the delivery count of the last one). */
  attempts: number;
  /** ISO-8601 time of the last failure. */
  failedAt: string;
}

/** The JSON body of every message a polling-queue adapter sends. */
export interface JobMessage {
  id: string;
  name: JobName;
  payload: unknown;
  /** Tries allowed, including the first. */
  attempts: number;
  backoff: BackoffOptions;
  /**
   * Epoch ms before which the job must not run. Set only on a delay carrier: a message whose delay
   * the queue could not hold by itself; it is delayed again until due and then replaced by the
   * runnable job, so that job's delivery count counts tries only.
   */
  runAt?: number;
  /** Set only where failed jobs are kept. */
  failure?: FailureRecord;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The message body that carries `job`. */
export function formatJobMessage(job: JobMessage): string {
  return JSON.stringify(job);
}

/** The job in a message body, or undefined when the body is not one of ours. */
export function parseJobMessage(body: string | undefined): JobMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.attempts !== 'number')
    return undefined;
  if (!(JOB_NAMES as readonly unknown[]).includes(value.name) || !isRecord(value.backoff)) return undefined;
  return value as unknown as JobMessage;
}

/**
 * The public view of a failed job: each field of its own failure record, or of `fallback` where the
 * record lacks it (a job some other mechanism moved, without a handler outcome).
 */
export function toFailedJob(job: JobMessage, fallback: FailureRecord): FailedJob {
  return {
    id: job.id,
    name: job.name,
    queue: queueOf(job.name),
    payload: job.payload,
    attempts: job.failure?.attempts ?? fallback.attempts,
    error: job.failure?.error ?? fallback.error,
    failedAt: job.failure?.failedAt ?? fallback.failedAt,
  };
}
