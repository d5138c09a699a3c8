import { randomUUID } from 'node:crypto';
import {
  AdapterError,
  assertBackoff,
  assertJobName,
  enqueueDelayMs,
  measureHealth,
  stopTimeoutMs,
  wholeNumber,
} from '@bharatmart/core';
import type {
  EnqueueOptions,
  FailedJob,
  HealthStatus,
  InspectableWorkerAdapter,
  JobCounts,
  JobHandler,
  JobName,
  JobPayloads,
  ProcessOptions,
  QueueName,
} from '@bharatmart/core';
import type { PollingQueueBackend } from './backend.js';
import { PollingConsumer } from './consumer.js';
import type { ResolvedPollingQueueOptions } from './options.js';

/**
 * A durable IWorkerAdapter on `backend`, named as the backend, with approximate counts and failed-job
 * inspection; it dedupes job ids where the backend does. `enqueue` checks its arguments and sends a
 * job `{ id, name, payload, attempts, backoff }` with the job id as deduplication key; a consumer runs
 * the registered handlers as PollingConsumer describes. `start()` fails with the
 * backend's reason when it cannot consume. `stop()` ends consuming for good; `enqueue` and the
 * inspection methods work until `close()`, after which they fail with AdapterError `UNAVAILABLE`.
 */
export function createPollingQueueWorker(
  backend: PollingQueueBackend,
  options: ResolvedPollingQueueOptions,
): InspectableWorkerAdapter {
  return new PollingQueueWorker(backend, options);
}

class PollingQueueWorker implements InspectableWorkerAdapter {
  readonly name: string;
  readonly durable = true;
  readonly dedupesJobIds: boolean;
  readonly countAccuracy = 'approximate';
  readonly #consumer: PollingConsumer;
  #stopped: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(
    private readonly backend: PollingQueueBackend,
    private readonly options: ResolvedPollingQueueOptions,
  ) {
    this.name = backend.name;
    this.dedupesJobIds = backend.dedupesJobIds ?? false;
    this.#consumer = new PollingConsumer(backend, options);
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<string> {
    this.#assertOpen();
    assertJobName(name);
    const backoff = { ...(options.backoff ?? this.options.backoff) };
    assertBackoff(backoff, 'backoff');
    const delayMs = enqueueDelayMs(options);
    const id = options.jobId ?? randomUUID();
    const attempts = wholeNumber(options.attempts ?? this.options.attempts, 1, 'attempts');
    await this.backend.send({ id, name, payload, attempts, backoff }, delayMs, id);
    return id;
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>, options: ProcessOptions = {}): void {
    const concurrency = wholeNumber(options.concurrency ?? 1, 1, 'concurrency');
    // The port types handlers per job name; the consumer holds them all under the widest type.
    this.#consumer.register(name, handler as unknown as JobHandler, concurrency);
  }

  async start(): Promise<void> {
    if (this.#stopped) {
      throw new AdapterError(this.name, 'UNAVAILABLE', 'worker was stopped; create a new one');
    }
    await this.backend.prepare();
    this.#consumer.start();
  }

  stop(options: { timeoutMs?: number } = {}): Promise<void> {
    this.#stopped ??= this.#consumer.stop(stopTimeoutMs(options));
    return this.#stopped;
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.stop({ timeoutMs: 0 });
      await this.backend.close();
    })();
    return this.#closed;
  }

  health(): Promise<HealthStatus> {
    return measureHealth(async () => {
      this.#assertOpen();
      await this.backend.probe();
    });
  }

  async counts(): Promise<Record<QueueName, JobCounts>> {
    this.#assertOpen();
    return this.backend.counts();
  }

  async failedJobs(limit = 50): Promise<FailedJob[]> {
    this.#assertOpen();
    return this.backend.failed.list(limit);
  }

  async retry(jobId: string): Promise<boolean> {
    this.#assertOpen();
    return this.backend.failed.retry(jobId);
  }

  #assertOpen(): void {
    if (this.#closed) throw new AdapterError(this.name, 'UNAVAILABLE', 'worker is closed');
  }
}
