import { QUEUE_NAMES, queueOf } from '@bharatmart/core';
import type { FailedJob, QueueName } from '@bharatmart/core';
import { ScanQueue, newestFailedJobs, toFailedJob } from '@bharatmart/polling-queue';
import type {
  FailedJobStore,
  FailureRecord,
  JobDelivery,
  JobMessage,
  ReceivedMessage,
} from '@bharatmart/polling-queue';
import type { OciQueueClient } from './oci-queue-client.js';

/** The channel of failed records of `queue`'s jobs. */
export const failedChannel = (queue: QueueName): string => `failed-${queue}`;

/** Seconds a scan hides the records it looks at. */
const SCAN_HIDE_S = 10;
/** Most records one scan looks at per QueueName. */
const SCAN_LIMIT = 1000;

type FailedRecord = ReceivedMessage & { job: JobMessage & { failure: FailureRecord }; channel: string };

/**
 * Failed jobs, kept as records in one channel per QueueName of the same queue (OCI Queue's own
 * dead-letter queue cannot be read through its API). A job that used up its attempts is published
 * there with its failure and deleted from its channel. `list` and `retry` scan the records by
 * receiving them; what a scan keeps is published again and the received copies deleted, so that
 * scanning never walks a record towards the queue's maxDeliveryAttempts. Scans run one at a time.
 */
export class FailedRecords implements FailedJobStore {
  readonly #scans = new ScanQueue();

  constructor(private readonly queue: OciQueueClient) {}

  /** Records a received job as failed, then deletes it from its channel. */
  async add(delivery: JobDelivery, failure: FailureRecord): Promise<void> {
    await this.queue.put(failedChannel(queueOf(delivery.job.name)), [{ ...delivery.job, failure }]);
    await this.queue.delete(delivery.receipt);
  }

  /** The newest `limit` failed jobs by failure time, one per id. */
  list(limit: number): Promise<FailedJob[]> {
    return this.#scan(async (records) =>
      newestFailedJobs(
        records.map(({ job }) => toFailedJob(job, job.failure)),
        limit,
      ),
    );
  }

  /** Publishes job `jobId` to its channel with fresh attempts and drops its records; false when none. */
  retry(jobId: string): Promise<boolean> {
    return this.#scan(async (records, consumed) => {
      const copies = records.filter((record) => record.job.id === jobId);
      const job = copies[0]?.job;
      if (!job) return false;
      await this.queue.put(job.name, [{ ...job, failure: undefined }]);
      for (const copy of copies) consumed.add(copy.receipt);
      return true;
    });
  }

  #scan<T>(use: (records: FailedRecord[], consumed: Set<string>) => Promise<T>): Promise<T> {
    return this.#scans.run(async () => {
      const received: (ReceivedMessage & { channel: string })[] = [];
      for (const queue of QUEUE_NAMES) {
        const channel = failedChannel(queue);
        for (let count = 0; count < SCAN_LIMIT;) {
          const batch = await this.queue.get(channel, { limit: 20, visibilityS: SCAN_HIDE_S, waitS: 0 });
          if (batch.length === 0) break;
          count += batch.length;
          received.push(...batch.map((message) => ({ ...message, channel })));
        }
      }
      const records = received.filter((m): m is FailedRecord => m.job?.failure !== undefined);
      const consumed = new Set<string>();
      try {
        return await use(records, consumed);
      } finally {
        for (const queue of QUEUE_NAMES) {
          const kept = records.filter((r) => r.channel === failedChannel(queue) && !consumed.has(r.receipt));
          await this.queue.put(
            failedChannel(queue),
            kept.map((record) => record.job),
          );
        }
        await this.queue.deleteAll(records.map((record) => record.receipt));
        await this.queue.releaseAll(
          received.filter((m) => m.job?.failure === undefined).map((m) => m.receipt),
        );
      }
    });
  }
}
