import { SQSClient } from '@aws-sdk/client-sqs';
import type { InspectableWorkerAdapter } from '@bharatmart/core';
import { createPollingQueueWorker } from '@bharatmart/polling-queue';
import { SqsBackend } from './sqs-backend.js';
import { resolveSqsOptions } from './sqs-worker-options.js';
import type { SqsWorkerOptions } from './sqs-worker-options.js';

/**
 * A job queue on Amazon SQS, named `sqs`, durable. One queue carries every job as a JSON message
 * `{ id, name, payload, attempts, backoff }`; a consumer long-polls it, runs handlers with at most
 * `concurrency` per job name, renews a running job's visibility every third of the timeout, and
 * deletes the message when the handler succeeds. A failed try hides the message for the backoff
 * (whole seconds); the try number is SQS's ApproximateReceiveCount, so a crash mid-job also counts.
 * After `attempts` tries (or a PermanentJobError) the job moves to the dead-letter queue with its
 * error, where `failedJobs` and `retry` find it. Delays use DelaySeconds (at most 900 s; longer
 * delays, and every delay on a FIFO queue, are re-delayed on receipt). Job ids deduplicate only on
 * FIFO queues, for SQS's 5-minute window; on standard queues a repeated id is sent again (handlers
 * are idempotent). `counts()` reports SQS's approximate totals of the one queue under every
 * QueueName; `completed` is 0 (SQS keeps no completed messages). `stop()` ends consuming for good;
 * `enqueue` and the inspection methods work until `close()`.
 */
export function createSqsWorker(options: SqsWorkerOptions): InspectableWorkerAdapter {
  const resolved = resolveSqsOptions(options);
  const client = new SQSClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  return createPollingQueueWorker(new SqsBackend(client, resolved), resolved);
}
