import { randomUUID } from 'node:crypto';
import { AdapterError, JOB_NAMES, measureHealth } from '@bharatmart/core';
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
import type { PollingQueueBackend } from './backend.js';
import { PollingConsumer } from './consumer.js';
import { assertBackoff, wholeNumber } from './options.js';
import type { ResolvedPollingQueueOptions } from './options.js';

/** Longest timeout a Node timer accepts. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A durable IWorkerAdapter on `backend`, named as the backend: `enqueue` checks its arguments and
 * sends a job `{ id, name, payload, attempts, backoff }` with the job id as deduplication key; a
 * consumer runs the registered handlers as PollingConsumer describes. `start()` fails with the
 * backend's reason when it cannot consume. `stop()` ends consuming for good; `enqueue` and the
 * inspection methods work until `close()`, after which they fail with AdapterError `UNAVAILABLE`.
 */
export function createPollingQueueWorker(
  backend: PollingQueueBackend,
  options: ResolvedPollingQueueOptions,
): IWorkerAdapter {
  return new PollingQueueWorker(backend, options);
}

class PollingQueueWorker implements IWorkerAdapter {
  readonly name: string;
  readonly durable = true;
  readonly #consumer: PollingConsumer;
  #stopped: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(
    private readonly backend: PollingQueueBackend,
    private readonly options: ResolvedPollingQueueOptions,
  ) {
    this.name = backend.name;
    this.#consumer = new PollingConsumer(backend, options);
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<string> {
    this.#assertOpen();
    if (!(JOB_NAMES as readonly string[]).includes(name))
      throw new TypeError(`unknown job name: ${String(name)}`);
    const backoff = { ...(options.backoff ?? this.options.backoff) };
    assertBackoff(backoff, 'backoff');
    const delayMs = options.delayMs ?? 0;
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new RangeError(`delayMs must be a finite number ≥ 0, got ${delayMs}`);
    }
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
    this.#stopped ??= this.#consumer.stop(Math.min(Math.max(0, options.timeoutMs ?? 30_000), MAX_TIMER_MS));
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
