import type { SQSClient } from '@aws-sdk/client-sqs';
import { AdapterError, JOB_NAMES, QUEUE_NAMES } from '@bharatmart/core';
import type { JobCounts, QueueName } from '@bharatmart/core';
import type { JobMessage, Lane, PollingQueueBackend, ReceivedMessage } from '@bharatmart/polling-queue';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { NAME, SqsQueueClient } from './sqs-queue-client.js';
import type { ResolvedSqsOptions } from './sqs-worker-options.js';

/** Most messages one ReceiveMessage call returns. */
const RECEIVE_BATCH = 10;

/**
 * One SQS queue as the polling-queue backend: a single lane carrying every job and its delay
 * carriers, DelaySeconds on standard queues (FIFO queues have no per-message delay), job ids as FIFO
 * deduplication ids, and failed jobs in the dead-letter queue (the option, else the queue's
 * RedrivePolicy target; `prepare()` fails with `MISCONFIGURED` without one).
 */
export class SqsBackend implements PollingQueueBackend {
  readonly name = NAME;
  readonly lanes: readonly Lane[];
  readonly perMessageDelay: boolean;
  /** FIFO queues drop a message whose deduplication id they saw in the last 5 minutes. */
  readonly dedupesJobIds: boolean;
  readonly #queue: SqsQueueClient;
  readonly failed: DeadLetterQueue;
  #deadLetterUrl: Promise<string> | undefined;

  constructor(
    private readonly client: SQSClient,
    private readonly options: ResolvedSqsOptions,
  ) {
    this.lanes = [{ id: options.queueUrl, jobs: JOB_NAMES, carriers: true, batch: RECEIVE_BATCH }];
    this.perMessageDelay = !options.fifo;
    this.dedupesJobIds = options.fifo;
    this.#queue = new SqsQueueClient(client);
    this.failed = new DeadLetterQueue(this.#queue, options.queueUrl, () => this.#resolveDeadLetterUrl());
  }

  async prepare(): Promise<void> {
    await this.#resolveDeadLetterUrl();
  }

  receive(
    _lane: Lane,
    options: { limit: number; visibilityS: number; waitS: number; signal: AbortSignal },
  ): Promise<ReceivedMessage[]> {
    const { limit: max, visibilityS, waitS, signal } = options;
    return this.#queue.receive(this.options.queueUrl, { max, visibilityS, waitS, signal });
  }

  send(job: JobMessage, delayMs: number, dedupeKey?: string): Promise<void> {
    return this.#queue.sendJob(this.options.queueUrl, job, delayMs, dedupeKey);
  }

  hide(receipt: string, seconds: number): Promise<void> {
    return this.#queue.changeVisibility(this.options.queueUrl, receipt, seconds);
  }

  release(receipts: readonly string[]): Promise<void> {
    return this.#queue.releaseAll(this.options.queueUrl, receipts);
  }

  delete(receipt: string): Promise<void> {
    return this.#queue.delete(this.options.queueUrl, receipt);
  }

  /** SQS's approximate totals of the one queue, under every QueueName (an upper bound per family). */
  async counts(): Promise<Record<QueueName, JobCounts>> {
    const [main, failed] = await Promise.all([
      this.#queue.attributes(this.options.queueUrl, [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesDelayed',
        'ApproximateNumberOfMessagesNotVisible',
      ]),
      this.failed.count(),
    ]);
    const totals: JobCounts = {
      waiting: Number(main.ApproximateNumberOfMessages ?? 0),
      delayed: Number(main.ApproximateNumberOfMessagesDelayed ?? 0),
      active: Number(main.ApproximateNumberOfMessagesNotVisible ?? 0),
      completed: 0,
      failed,
    };
    return Object.fromEntries(QUEUE_NAMES.map((queue) => [queue, { ...totals }])) as Record<
      QueueName,
      JobCounts
    >;
  }

  async probe(): Promise<void> {
    await this.#queue.attributes(this.options.queueUrl, ['QueueArn']);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  /** The dead-letter queue's URL: the option, else the RedrivePolicy target; memoised, reset on failure. */
  #resolveDeadLetterUrl(): Promise<string> {
    this.#deadLetterUrl ??= (async () => {
      const url =
        this.options.deadLetterQueueUrl ?? (await this.#queue.redriveTargetUrl(this.options.queueUrl));
      if (url === undefined) {
        throw new AdapterError(
          NAME,
          'MISCONFIGURED',
          'no dead-letter queue: set deadLetterQueueUrl or give the queue a RedrivePolicy',
        );
      }
      return url;
    })().catch((error: unknown) => {
      this.#deadLetterUrl = undefined;
      throw error;
    });
    return this.#deadLetterUrl;
  }
}
