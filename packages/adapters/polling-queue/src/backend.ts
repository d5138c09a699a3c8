import type { FailedJob, JobCounts, JobName, QueueName } from '@bharatmart/core';
import type { FailureRecord, JobMessage } from './job-message.js';

/** One message as received: its job (undefined when the body is not one of ours) and its receipt. */
export interface ReceivedMessage {
  job: JobMessage | undefined;
  /** What the queue needs to hide, release or delete this receipt of the message. */
  receipt: string;
  /** Deliveries so far, including this one: the job's attempt number. */
  deliveryCount: number;
}

/** A received message carrying a job. */
export type JobDelivery = ReceivedMessage & { job: JobMessage };

/** A stream of messages the consumer long-polls: a whole queue, or one channel of it. */
export interface Lane {
  /** Names the lane to the backend, and in logs. */
  readonly id: string;
  /** Job names whose runnable jobs arrive here; the lane is polled while one of them has a free handler. */
  readonly jobs: readonly JobName[];
  /** Whether delay carriers arrive here; a lane of carriers only is always polled. */
  readonly carriers: boolean;
  /** Most messages one receive may ask for. */
  readonly batch: number;
}

/** Where a backend keeps jobs that failed for good, for `failedJobs` and `retry`. */
export interface FailedJobStore {
  /** Keeps a received job as failed with `failure`, then deletes its message. */
  add(delivery: JobDelivery, failure: FailureRecord): Promise<void>;
  /** The newest `limit` failed jobs, newest first, one per id. */
  list(limit: number): Promise<FailedJob[]>;
  /** Sends failed job `jobId` again with fresh attempts and forgets its failure; false when none. */
  retry(jobId: string): Promise<boolean>;
}

/**
 * One message queue with visibility timeouts, as a polling-queue worker uses it. Every call that
 * reaches the queue fails with an AdapterError (`UNAVAILABLE`, or `MISCONFIGURED` for settings that
 * cannot work) naming the adapter.
 */
export interface PollingQueueBackend {
  /** The adapter's name, as configured (WORKER_MODE). */
  readonly name: string;
  /**
   * True when the queue drops a message whose `dedupeKey` it saw recently, so a repeated job id adds
   * nothing (SQS FIFO queues). Default false.
   */
  readonly dedupesJobIds?: boolean;
  /** What the consumer polls. */
  readonly lanes: readonly Lane[];
  /**
   * True when the queue holds a delay per message: a carrier received before it is due is sent again
   * with the delay left. False when it has none: such a carrier is hidden until due instead.
   */
  readonly perMessageDelay: boolean;
  /** Resolves once consuming can begin; rejects with the reason it cannot (e.g. `MISCONFIGURED`). */
  prepare(): Promise<void>;
  /** Long-polls `lane` for up to `limit` messages, hiding them for `visibilityS`; `signal` may end it early. */
  receive(
    lane: Lane,
    options: { limit: number; visibilityS: number; waitS: number; signal: AbortSignal },
  ): Promise<ReceivedMessage[]>;
  /**
   * Durably sends `job`, to run no earlier than `delayMs` from now. A queue that deduplicates may
   * drop it when it saw `dedupeKey` recently; without a key it is always sent.
   */
  send(job: JobMessage, delayMs: number, dedupeKey?: string): Promise<void>;
  /** Hides a received message for `seconds` from now. */
  hide(receipt: string, seconds: number): Promise<void>;
  /** Makes received messages visible again at once; any that fail are left to their timeout. */
  release(receipts: readonly string[]): Promise<void>;
  /** Deletes a received message: its job is done. */
  delete(receipt: string): Promise<void>;
  /** The jobs that failed for good. */
  readonly failed: FailedJobStore;
  /** Job counts by queue and state, as the queue reports them. */
  counts(): Promise<Record<QueueName, JobCounts>>;
  /** Resolves when the queue answers. */
  probe(): Promise<void>;
  /** Frees the SDK client; called once, after consuming stopped. */
  close(): Promise<void>;
}
