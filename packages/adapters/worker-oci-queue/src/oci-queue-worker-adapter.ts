import type { InspectableWorkerAdapter } from '@bharatmart/core';
import { createPollingQueueWorker } from '@bharatmart/polling-queue';
import { OciQueueBackend } from './oci-queue-backend.js';
import { resolveOciQueueOptions } from './oci-queue-options.js';
import type { OciQueueWorkerOptions } from './oci-queue-options.js';

/**
 * A job queue on OCI Queue, named `oci-queue`, durable. One queue carries every job as JSON content
 * `{ id, name, payload, attempts, backoff }` in a channel per job name; a consumer long-polls the
 * channel of each name it handles, with at most `concurrency` handlers per name, renews a running
 * job's visibility every third of the timeout and deletes the message when the handler succeeds. A
 * failed try hides the message for the backoff (whole seconds); the try number is the delivery count,
 * so a crash mid-job also counts. After `attempts` tries (or a PermanentJobError) the job is recorded
 * in the `failed-<queue>` channel, where `failedJobs` and `retry` find it. OCI Queue has no
 * per-message delay: a delayed job waits as a carrier in `delayed-<queue>`, hidden until due, then
 * becomes a runnable job. Job ids do not deduplicate (handlers are idempotent). `counts()` reads
 * GetStats per channel; `completed` is 0 (the queue keeps no completed messages). `stop()` ends
 * consuming for good; `enqueue` and the inspection methods work until `close()`.
 */
export function createOciQueueWorker(options: OciQueueWorkerOptions): InspectableWorkerAdapter {
  const resolved = resolveOciQueueOptions(options);
  return createPollingQueueWorker(new OciQueueBackend(resolved), resolved);
}
