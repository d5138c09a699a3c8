import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AdapterError, JOB_NAMES, QUEUE_NAMES, measureHealth } from '@bharatmart/core';
import type {
  EnqueueOptions,
  FailedJob,
  HealthStatus,
  IWorkerAdapter,
  JobCounts,
  JobHandler,
  JobName,
  JobPayloads,
  ProcessOptions,
  QueueName,
} from '@bharatmart/core';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { SqsConsumer } from './sqs-consumer.js';
import { NAME, SqsQueueClient } from './sqs-queue-client.js';
import { assertBackoff, resolveSqsOptions, wholeNumber } from './sqs-worker-options.js';
import type { ResolvedSqsOptions, SqsWorkerOptions } from './sqs-worker-options.js';

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
export function createSqsWorker(options: SqsWorkerOptions): IWorkerAdapter {
  return new SqsWorker(options);
}

class SqsWorker implements IWorkerAdapter {
  readonly name = NAME;
  readonly durable = true;
  readonly #options: ResolvedSqsOptions;
  readonly #client: SQSClient;
  readonly #queue: SqsQueueClient;
  readonly #deadLetters: DeadLetterQueue;
  readonly #consumer: SqsConsumer;
  #deadLetterUrl: Promise<string> | undefined;
  #stopped: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(options: SqsWorkerOptions) {
    this.#options = resolveSqsOptions(options);
    this.#client = new SQSClient({
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
    this.#queue = new SqsQueueClient(this.#client);
    this.#deadLetters = new DeadLetterQueue(this.#queue, this.#options.queueUrl, () =>
      this.#resolveDeadLetterUrl(),
    );
    this.#consumer = new SqsConsumer(this.#queue, this.#options, (delivery, failure) =>
      this.#deadLetters.add(delivery, failure),
    );
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<string> {
    this.#assertOpen();
    if (!(JOB_NAMES as readonly string[]).includes(name))
      throw new TypeError(`unknown job name: ${String(name)}`);
    const backoff = { ...(options.backoff ?? this.#options.backoff) };
    assertBackoff(backoff, 'backoff');
    const delayMs = options.delayMs ?? 0;
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new RangeError(`delayMs must be a finite number ≥ 0, got ${delayMs}`);
    }
    const id = options.jobId ?? randomUUID();
    const attempts = wholeNumber(options.attempts ?? this.#options.attempts, 1, 'attempts');
    await this.#queue.sendJob(this.#options.queueUrl, { id, name, payload, attempts, backoff }, delayMs, id);
    return id;
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>, options: ProcessOptions = {}): void {
    const concurrency = wholeNumber(options.concurrency ?? 1, 1, 'concurrency');
    // The port types handlers per job name; the consumer holds them all under the widest type.
    this.#consumer.register(name, handler as unknown as JobHandler, concurrency);
  }

  async start(): Promise<void> {
    if (this.#stopped) throw new AdapterError(NAME, 'UNAVAILABLE', 'worker was stopped; create a new one');
    await this.#resolveDeadLetterUrl();
    this.#consumer.start();
  }

  stop(options: { timeoutMs?: number } = {}): Promise<void> {
    this.#stopped ??= this.#consumer.stop(Math.min(Math.max(0, options.timeoutMs ?? 30_000), 2_147_483_647));
    return this.#stopped;
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.stop({ timeoutMs: 0 });
      this.#client.destroy();
    })();
    return this.#closed;
  }

  health(): Promise<HealthStatus> {
    return measureHealth(async () => {
      this.#assertOpen();
      await this.#queue.attributes(this.#options.queueUrl, ['QueueArn']);
    });
  }

  async counts(): Promise<Record<QueueName, JobCounts>> {
    this.#assertOpen();
    const [main, failed] = await Promise.all([
      this.#queue.attributes(this.#options.queueUrl, [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesDelayed',
        'ApproximateNumberOfMessagesNotVisible',
      ]),
      this.#deadLetters.count(),
    ]);
    // One queue holds every family, so each QueueName shows the whole queue: an upper bound.
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

  async failedJobs(limit = 50): Promise<FailedJob[]> {
    this.#assertOpen();
    return this.#deadLetters.list(limit);
  }

  async retry(jobId: string): Promise<boolean> {
    this.#assertOpen();
    return this.#deadLetters.retry(jobId);
  }

  #assertOpen(): void {
    if (this.#closed) throw new AdapterError(NAME, 'UNAVAILABLE', 'worker is closed');
  }

  /** The dead-letter queue's URL: the option, else the RedrivePolicy target; memoised, reset on failure. */
  #resolveDeadLetterUrl(): Promise<string> {
    this.#deadLetterUrl ??= (async () => {
      const url =
        this.#options.deadLetterQueueUrl ?? (await this.#queue.redriveTargetUrl(this.#options.queueUrl));
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
