import { JOB_NAMES, QUEUE_NAMES, queueOf } from '@bharatmart/core';
import type { JobCounts, QueueName } from '@bharatmart/core';
import type { JobMessage, Lane, PollingQueueBackend, ReceivedMessage } from '@bharatmart/polling-queue';
import type { QueueClient } from 'oci-queue';
import { FailedRecords, failedChannel } from './failed-records.js';
import { NAME, OciQueueClient } from './oci-queue-client.js';
import type { ResolvedOciQueueOptions } from './oci-queue-options.js';
import { createQueueClient } from './oci-sdk-client.js';

/** Most messages one GetMessages call returns. */
const RECEIVE_BATCH = 20;

/** The channel of delay carriers of `queue`'s jobs. */
const delayedChannel = (queue: QueueName): string => `delayed-${queue}`;

/**
 * One OCI Queue as the polling-queue backend: a lane per job name (its channel, polled only while
 * the name has a free handler) and a lane of delay carriers per QueueName (`delayed-<queue>`; OCI
 * Queue has no per-message delay, so carriers are hidden until due), failed jobs kept as records in
 * `failed-<queue>`. Job ids do not deduplicate. The SDK client is created on first use (memoised,
 * created again after a failure); the SDK cannot abort a long poll, so a receive runs to its end.
 */
export class OciQueueBackend implements PollingQueueBackend {
  readonly name = NAME;
  readonly perMessageDelay = false;
  readonly lanes: readonly Lane[] = [
    ...JOB_NAMES.map((name) => ({ id: name, jobs: [name], carriers: false, batch: RECEIVE_BATCH })),
    ...QUEUE_NAMES.map((queue) => ({
      id: delayedChannel(queue),
      jobs: [],
      carriers: true,
      batch: RECEIVE_BATCH,
    })),
  ];
  readonly #queue: OciQueueClient;
  readonly failed: FailedRecords;
  #client: Promise<QueueClient> | undefined;

  constructor(private readonly options: ResolvedOciQueueOptions) {
    this.#queue = new OciQueueClient(() => this.#getClient(), options.queueId);
    this.failed = new FailedRecords(this.#queue);
  }

  async prepare(): Promise<void> {
    await this.#getClient();
  }

  receive(
    lane: Lane,
    options: { limit: number; visibilityS: number; waitS: number },
  ): Promise<ReceivedMessage[]> {
    return this.#queue.get(lane.id, options);
  }

  /** Publishes `job` to its channel, or with a delay as a carrier to its `delayed-<queue>` channel. */
  send(job: JobMessage, delayMs: number): Promise<void> {
    if (delayMs > 0)
      return this.#queue.put(delayedChannel(queueOf(job.name)), [{ ...job, runAt: Date.now() + delayMs }]);
    return this.#queue.put(job.name, [job]);
  }

  hide(receipt: string, seconds: number): Promise<void> {
    return this.#queue.update(receipt, seconds);
  }

  release(receipts: readonly string[]): Promise<void> {
    return this.#queue.releaseAll(receipts);
  }

  delete(receipt: string): Promise<void> {
    return this.#queue.delete(receipt);
  }

  /**
   * GetStats per channel: `waiting` and `active` from the job channels, `delayed` from the carriers,
   * `failed` from the failed records plus the job channels' own dead-letter queues.
   */
  async counts(): Promise<Record<QueueName, JobCounts>> {
    const perQueue = await Promise.all(
      QUEUE_NAMES.map(async (queue): Promise<[QueueName, JobCounts]> => {
        const names = JOB_NAMES.filter((name) => queueOf(name) === queue);
        const [delayed, failed, ...channels] = await Promise.all([
          this.#queue.stats(delayedChannel(queue)),
          this.#queue.stats(failedChannel(queue)),
          ...names.map((name) => this.#queue.stats(name)),
        ]);
        const sum = (pick: (stats: (typeof channels)[number]) => number): number =>
          channels.reduce((total, stats) => total + pick(stats), 0);
        return [
          queue,
          {
            waiting: sum((s) => s.visible),
            delayed: delayed.visible + delayed.inFlight,
            active: sum((s) => s.inFlight),
            completed: 0,
            failed: failed.visible + failed.inFlight + sum((s) => s.deadLettered),
          },
        ];
      }),
    );
    return Object.fromEntries(perQueue) as Record<QueueName, JobCounts>;
  }

  async probe(): Promise<void> {
    await this.#queue.stats();
  }

  async close(): Promise<void> {
    const client = await this.#client?.catch(() => undefined);
    client?.close();
  }

  /** The SDK client, created on first use (memoised; reset when creating it failed). */
  #getClient(): Promise<QueueClient> {
    this.#client ??= createQueueClient(this.options).catch((error: unknown) => {
      this.#client = undefined;
      throw error;
    });
    return this.#client;
  }
}
