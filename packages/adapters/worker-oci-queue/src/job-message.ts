import { JOB_NAMES, queueOf } from '@bharatmart/core';
import type { BackoffOptions, FailedJob, JobName } from '@bharatmart/core';

/** Why a job ended in the dead-letter queue, recorded in its body there. */
export interface FailureRecord {
  /** The message of the last error. */
  error: string;
  /** Tries made (the delivery count of the last one). */
  attempts: number;
  /** ISO-8601 time of the last failure. */
  failedAt: string;
}

/** The JSON body of every message the adapter sends. */
export interface JobMessage {
  id: string;
  name: JobName;
  payload: unknown;
  /** Tries allowed, including the first. */
  attempts: number;
  backoff: BackoffOptions;
  /**
   * Epoch ms before which the job must not run. Set only on a delay carrier (OCI Queue has no
   * per-message delay): it is hidden until due and then replaced by the runnable job, so that job's
   * delivery count counts tries only.
   */
  runAt?: number;
  /** Set on failed records only. */
  failure?: FailureRecord;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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

/** The public view of a failed record. */
export function toFailedJob(job: JobMessage & { failure: FailureRecord }): FailedJob {
  return {
    id: job.id,
    name: job.name,
    queue: queueOf(job.name),
    payload: job.payload,
    attempts: job.failure.attempts,
    error: job.failure.error,
    failedAt: job.failure.failedAt,
  };
}
