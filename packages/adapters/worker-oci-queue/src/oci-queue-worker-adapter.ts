import { randomUUID } from 'node:crypto';
import { AdapterError, JOB_NAMES, QUEUE_NAMES, measureHealth, queueOf } from '@bharatmart/core';
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
import type { AuthenticationDetailsProvider } from 'oci-common';
import type { QueueClient } from 'oci-queue';
import { FailedRecords, failedChannel } from './failed-records.js';
import { NAME, OciQueueClient } from './oci-queue-client.js';
import { OciQueueConsumer, delayedChannel } from './oci-queue-consumer.js';
import { assertBackoff, resolveOciQueueOptions, wholeNumber } from './oci-queue-options.js';
import type { OciQueueWorkerOptions, ResolvedOciQueueOptions } from './oci-queue-options.js';

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
export function createOciQueueWorker(options: OciQueueWorkerOptions): IWorkerAdapter {
  return new OciQueueWorker(options);
}

class OciQueueWorker implements IWorkerAdapter {
  readonly name = NAME;
  readonly durable = true;
  readonly #options: ResolvedOciQueueOptions;
  readonly #queue: OciQueueClient;
  readonly #failed: FailedRecords;
  readonly #consumer: OciQueueConsumer;
  #client: Promise<QueueClient> | undefined;
  #stopped: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(private readonly settings: OciQueueWorkerOptions) {
    this.#options = resolveOciQueueOptions(settings);
    this.#queue = new OciQueueClient(() => this.#getClient(), this.#options.queueId);
    this.#failed = new FailedRecords(this.#queue);
    this.#consumer = new OciQueueConsumer(this.#queue, this.#options, (delivery, failure) =>
      this.#failed.add(delivery, failure),
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
    const job = { id, name, payload, attempts, backoff };
    if (delayMs > 0)
      await this.#queue.put(delayedChannel(queueOf(name)), [{ ...job, runAt: Date.now() + delayMs }]);
    else await this.#queue.put(name, [job]);
    return id;
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>, options: ProcessOptions = {}): void {
    const concurrency = wholeNumber(options.concurrency ?? 1, 1, 'concurrency');
    // The port types handlers per job name; the consumer holds them all under the widest type.
    this.#consumer.register(name, handler as unknown as JobHandler, concurrency);
  }

  async start(): Promise<void> {
    if (this.#stopped) throw new AdapterError(NAME, 'UNAVAILABLE', 'worker was stopped; create a new one');
    await this.#getClient();
    this.#consumer.start();
  }

  stop(options: { timeoutMs?: number } = {}): Promise<void> {
    this.#stopped ??= this.#consumer.stop(Math.min(Math.max(0, options.timeoutMs ?? 30_000), 2_147_483_647));
    return this.#stopped;
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.stop({ timeoutMs: 0 });
      const client = await this.#client?.catch(() => undefined);
      client?.close();
    })();
    return this.#closed;
  }

  health(): Promise<HealthStatus> {
    return measureHealth(async () => {
      this.#assertOpen();
      await this.#queue.stats();
    });
  }

  async counts(): Promise<Record<QueueName, JobCounts>> {
    this.#assertOpen();
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

  async failedJobs(limit = 50): Promise<FailedJob[]> {
    this.#assertOpen();
    return this.#failed.list(limit);
  }

  async retry(jobId: string): Promise<boolean> {
    this.#assertOpen();
    return this.#failed.retry(jobId);
  }

  #assertOpen(): void {
    if (this.#closed) throw new AdapterError(NAME, 'UNAVAILABLE', 'worker is closed');
  }

  /** The SDK client, created on first use (memoised; reset when creating it failed). */
  #getClient(): Promise<QueueClient> {
    this.#client ??= this.#createClient().catch((error: unknown) => {
      this.#client = undefined;
      throw error;
    });
    return this.#client;
  }

  async #createClient(): Promise<QueueClient> {
    const [common, { QueueClient }] = await Promise.all([import('oci-common'), import('oci-queue')]);
    let authenticationDetailsProvider: AuthenticationDetailsProvider;
    try {
      authenticationDetailsProvider =
        this.settings.authProvider ??
        new common.ConfigFileAuthenticationDetailsProvider(this.settings.configFile, this.settings.profile);
    } catch (error) {
      throw new AdapterError(NAME, 'MISCONFIGURED', 'cannot set up OCI authentication', { cause: error });
    }
    const client = new QueueClient(
      { authenticationDetailsProvider },
      {
        retryConfiguration: {
          terminationStrategy: new common.MaxAttemptsTerminationStrategy(this.settings.maxAttempts ?? 3),
          delayStrategy: new common.ExponentialBackoffDelayStrategy(8),
        },
      },
    );
    client.endpoint = this.settings.endpoint;
    return client;
  }
}
