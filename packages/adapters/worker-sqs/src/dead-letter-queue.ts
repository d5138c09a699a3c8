import type { FailedJob } from '@bharatmart/core';
import { ScanQueue, newestFailedJobs, toFailedJob } from '@bharatmart/polling-queue';
import type { FailedJobStore, FailureRecord, JobDelivery, JobMessage } from '@bharatmart/polling-queue';
import type { SqsMessage, SqsQueueClient } from './sqs-queue-client.js';

/** Seconds a scan hides the dead-letter messages it looks at (released as soon as it is done). */
const SCAN_HIDE_S = 10;
/** Most dead-letter messages one scan looks at. */
const SCAN_LIMIT = 1000;

/** How a job the RedrivePolicy moved (no handler outcome, so no failure record) is shown. */
const redriven = (job: JobMessage, sentAt: number): FailureRecord => ({
  error: 'moved to the dead-letter queue by the redrive policy (no handler outcome)',
  attempts: job.attempts,
  failedAt: new Date(sentAt).toISOString(),
});

/**
 * The dead-letter queue as the adapter uses it: failed jobs are sent there with a failure record
 * and deleted from the main queue; `list` and `retry` scan it by receiving every message (hidden for
 * a few seconds) and making the ones they keep visible again. Scans in one process run one at a time.
 */
export class DeadLetterQueue implements FailedJobStore {
  readonly #scans = new ScanQueue();

  constructor(
    private readonly queue: SqsQueueClient,
    private readonly mainQueueUrl: string,
    private readonly url: () => Promise<string>,
  ) {}

  /** Moves a received job here with `failure`, then deletes it from the main queue. */
  async add(delivery: JobDelivery, failure: FailureRecord): Promise<void> {
    await this.queue.sendJob(await this.url(), { ...delivery.job, failure }, 0);
    await this.queue.delete(this.mainQueueUrl, delivery.receipt);
  }

  /** Approximate number of messages here, visible or being scanned. */
  async count(): Promise<number> {
    const attributes = await this.queue.attributes(await this.url(), [
      'ApproximateNumberOfMessages',
      'ApproximateNumberOfMessagesNotVisible',
    ]);
    return (
      Number(attributes.ApproximateNumberOfMessages ?? 0) +
      Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  }

  /** The newest `limit` failed jobs (by failure time) among the first SCAN_LIMIT messages, one per id. */
  list(limit: number): Promise<FailedJob[]> {
    return this.#scan(async (messages) =>
      newestFailedJobs(
        messages.flatMap(({ job, sentAt }) => (job ? [toFailedJob(job, redriven(job, sentAt))] : [])),
        limit,
      ),
    );
  }

  /**
   * Sends job `jobId` back to the main queue with fresh attempts (its receive count starts again)
   * and deletes every copy of it here; false when none is here.
   */
  retry(jobId: string): Promise<boolean> {
    return this.#scan(async (messages, consumed) => {
      const copies = messages.filter((message) => message.job?.id === jobId);
      const job = copies[0]?.job;
      if (!job) return false;
      await this.queue.sendJob(this.mainQueueUrl, { ...job, failure: undefined }, 0);
      const handles = copies.map((copy) => copy.receipt);
      await this.queue.deleteAll(await this.url(), handles);
      for (const handle of handles) consumed.add(handle);
      return true;
    });
  }

  /** Receives every message (up to SCAN_LIMIT), runs `use`, then releases what it did not consume. */
  #scan<T>(use: (messages: SqsMessage[], consumed: Set<string>) => Promise<T>): Promise<T> {
    return this.#scans.run(async () => {
      const url = await this.url();
      const visible = Number(
        (await this.queue.attributes(url, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages ?? 0,
      );
      const messages: SqsMessage[] = [];
      while (messages.length < Math.min(visible, SCAN_LIMIT)) {
        const batch = await this.queue.receive(url, { max: 10, visibilityS: SCAN_HIDE_S, waitS: 1 });
        if (batch.length === 0) break;
        messages.push(...batch);
      }
      const consumed = new Set<string>();
      try {
        return await use(messages, consumed);
      } finally {
        const kept = messages.map((m) => m.receipt).filter((handle) => !consumed.has(handle));
        await this.queue.releaseAll(url, kept);
      }
    });
  }
}
