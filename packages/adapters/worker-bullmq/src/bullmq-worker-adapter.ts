import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  AdapterError,
  JOB_NAMES,
  assertBackoff,
  assertJobName,
  enqueueDelayMs,
  measureHealth,
  stopTimeoutMs,
  wholeNumber,
} from '@bharatmart/core';
import type {
  DashboardQueueSource,
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
import { assertJobId, resolveOptions } from './bullmq-worker-options.js';
import type { BullmqWorkerOptions, ResolvedOptions } from './bullmq-worker-options.js';
import { TrackedWorker, createProcessor } from './job-processor.js';
import { countJobs, listFailed, retryFailed } from './queue-inspection.js';
import type { NamedQueue } from './queue-inspection.js';
import type { HandlerSlot, ProcessorContext, RunningJob } from './job-processor.js';
import {
  PRODUCER_TIMEOUT_MS,
  createConsumerConnection,
  createProducerConnection,
  whenReady,
} from './redis-connections.js';

const NAME = 'bull-queue';
/** After abandoning running jobs, how long stop() waits for them to be moved back to waiting. */
const ABANDON_GRACE_MS = 2000;

/**
 * A durable job queue on Redis through BullMQ, named `bull-queue`. Each job name is its own BullMQ
 * queue `<prefix>:<job name>` (e.g. `bharatmart:email.welcome`), consumed by one BullMQ Worker per
 * registered name whose concurrency is that name's: so per-name limits hold exactly, and a job whose
 * name has no handler in this process stays waiting. Counts and failed jobs are reported per
 * QueueName (`queueOf`). Job ids are unique per job name. `stop()` closes the workers (waiting for
 * running handlers up to its timeout, then aborting their signals and moving their jobs back to
 * waiting); `enqueue` and the inspection methods keep working until `close()`. Offers its BullMQ
 * `Queue`s, one per job name, for a dashboard such as bull-board (`DashboardQueueSource`).
 */
export function createBullmqWorker(
  options: BullmqWorkerOptions,
): InspectableWorkerAdapter & DashboardQueueSource {
  return new BullmqWorker(resolveOptions(options));
}

class BullmqWorker implements InspectableWorkerAdapter, DashboardQueueSource {
  readonly name = NAME;
  readonly durable = true;
  readonly dedupesJobIds = true;
  readonly countAccuracy = 'exact';
  readonly queueLibrary = 'bullmq';
  readonly #options: ResolvedOptions;
  readonly #producer: Redis;
  /** Created by the first start(), so a producer-only adapter opens no consumer connection. */
  #consumer: Redis | undefined;
  readonly #queues = new Map<JobName, Queue>();
  readonly #slots = new Map<JobName, HandlerSlot>();
  readonly #workers = new Map<JobName, TrackedWorker>();
  readonly #running = new Set<RunningJob>();
  readonly #shared: ProcessorContext;
  /** True from a connection error until the producer is ready again. */
  #unreachable = false;
  /** The one wait for the first connection that concurrent callers share; reset when it fails. */
  #connecting: Promise<void> | undefined;
  #lastError: string | undefined;
  #started = false;
  #stopped: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#shared = {
      running: this.#running,
      stopping: () => this.#stopped !== undefined,
      logger: options.logger,
    };
    this.#producer = createProducerConnection(options.redisUrl, options.prefix, options.tlsCa);
    this.#producer.on('error', (error: Error) => {
      this.#unreachable = true;
      this.#report(error);
    });
    this.#producer.on('close', () => (this.#unreachable = true));
    this.#producer.on('ready', () => {
      if (this.#lastError !== undefined) this.#options.logger?.info({}, 'queue: Redis reachable again');
      this.#unreachable = false;
      this.#lastError = undefined;
    });
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<string> {
    assertJobName(name);
    const jobId = options.jobId ?? randomUUID();
    assertJobId(jobId);
    const delayMs = enqueueDelayMs(options);
    const backoff = options.backoff ?? this.#options.backoff;
    assertBackoff(backoff, 'backoff');
    const attempts = wholeNumber(options.attempts ?? this.#options.attempts, 1, 'attempts');
    const queue = await this.#queue(name);
    return this.#call(`enqueue ${name}`, async () => {
      await queue.add(name, payload, {
        jobId,
        delay: delayMs,
        attempts,
        backoff: { type: backoff.type, delay: backoff.delayMs },
        removeOnComplete: { count: this.#options.removeOnComplete },
        removeOnFail: { count: this.#options.removeOnFail },
      });
      return jobId;
    });
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>, options: ProcessOptions = {}): void {
    const concurrency = wholeNumber(options.concurrency ?? 1, 1, 'concurrency');
    // The port types handlers per job name; the slots hold them all under the widest type.
    const anyHandler = handler as unknown as JobHandler;
    const slot = this.#slots.get(name);
    if (slot) {
      Object.assign(slot, { handler: anyHandler, concurrency });
      const worker = this.#workers.get(name);
      if (worker) worker.concurrency = concurrency;
      return;
    }
    const added = { handler: anyHandler, concurrency };
    this.#slots.set(name, added);
    if (this.#started && !this.#stopped) this.#startWorker(name, added);
  }

  async start(): Promise<void> {
    if (this.#stopped) throw new AdapterError(NAME, 'UNAVAILABLE', 'worker was stopped; create a new one');
    if (this.#started) return;
    this.#started = true;
    for (const [name, slot] of this.#slots) this.#startWorker(name, slot);
  }

  stop(options: { timeoutMs?: number } = {}): Promise<void> {
    this.#stopped ??= this.#closeWorkers(stopTimeoutMs(options));
    return this.#stopped;
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.stop({ timeoutMs: 0 });
      await Promise.allSettled([...this.#queues.values()].map((queue) => queue.close()));
      // quit() lets pending replies arrive; without a connection there is nothing to wait for.
      if (this.#producer.status === 'ready') await this.#producer.quit().catch(() => undefined);
      this.#producer.disconnect();
      this.#consumer?.disconnect();
    })();
    return this.#closed;
  }

  health(): Promise<HealthStatus> {
    return measureHealth(async () => {
      await this.#producerReady();
      await this.#producer.ping();
    });
  }

  async counts(): Promise<Record<QueueName, JobCounts>> {
    return this.#inspect('counts', countJobs);
  }

  async failedJobs(limit = 50): Promise<FailedJob[]> {
    return this.#inspect('failedJobs', (queues) => listFailed(queues, limit));
  }

  async retry(jobId: string): Promise<boolean> {
    return this.#inspect('retry', (queues) => retryFailed(queues, jobId));
  }

  #startWorker(name: JobName, slot: HandlerSlot): void {
    if (!this.#consumer) {
      this.#consumer = createConsumerConnection(
        this.#options.redisUrl,
        this.#options.prefix,
        this.#options.tlsCa,
      );
      this.#consumer.on('error', (error: Error) => this.#report(error));
    }
    const worker = new TrackedWorker(name, createProcessor(name, slot, this.#shared), {
      connection: this.#consumer,
      prefix: this.#options.prefix,
      concurrency: slot.concurrency,
      lockDuration: this.#options.lockDurationMs,
      stalledInterval: this.#options.stalledIntervalMs,
      autorun: false,
    });
    worker.on('error', (error) => this.#report(error));
    this.#workers.set(name, worker);
    worker.run().catch((error: unknown) => this.#report(error));
  }

  /**
   * Stops every worker from fetching, waits until the jobs they hold are processed (handler run and
   * outcome recorded), at most `timeoutMs`; then abandons the rest (signals aborted, jobs moved back
   * to waiting, for at most ABANDON_GRACE_MS) and closes the workers by force, which never waits for
   * Redis. A job that could not be moved back returns to waiting when its lock expires.
   */
  async #closeWorkers(timeoutMs: number): Promise<void> {
    const workers = [...this.#workers.values()];
    await Promise.all(workers.map((worker) => worker.pause(true)));
    const idle = (): Promise<unknown> => Promise.all(workers.map((worker) => worker.idle()));
    if (!(await settlesWithin(idle(), timeoutMs))) {
      const reason = new AdapterError(NAME, 'TIMEOUT', 'worker stopped before the job finished');
      for (const job of this.#running) job.abandon(reason);
      await settlesWithin(idle(), ABANDON_GRACE_MS);
    }
    await Promise.allSettled(workers.map((worker) => worker.close(true)));
  }

  /** The BullMQ queue of every job name, for a dashboard such as bull-board; no Redis round trip. */
  dashboardQueues(): Queue[] {
    return JOB_NAMES.map((name) => this.#queueObject(name));
  }

  async #queue(name: JobName): Promise<Queue> {
    await this.#producerReady();
    return this.#queueObject(name);
  }

  #queueObject(name: JobName): Queue {
    let queue = this.#queues.get(name);
    if (!queue) {
      // The shared producer connection is ready; skip BullMQ's own wait and version probe so that a
      // Queue created just before an outage is not left broken.
      queue = new Queue(name, {
        connection: this.#producer,
        prefix: this.#options.prefix,
        skipWaitingForReady: true,
        skipVersionCheck: true,
      });
      queue.on('error', (error) => this.#report(error));
      this.#queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Fails fast with UNAVAILABLE when closed or when Redis is unreachable; only while a connection is
   * being made with no error yet (at startup) does it wait for its outcome, at most PRODUCER_TIMEOUT_MS.
   */
  async #producerReady(): Promise<void> {
    if (this.#closed) throw new AdapterError(NAME, 'UNAVAILABLE', 'worker is closed');
    if (this.#producer.status === 'ready') return;
    if (this.#unreachable) throw new AdapterError(NAME, 'UNAVAILABLE', 'Redis is unreachable');
    this.#connecting ??= whenReady(this.#producer, PRODUCER_TIMEOUT_MS).catch((error: unknown) => {
      this.#connecting = undefined;
      throw new AdapterError(NAME, 'UNAVAILABLE', 'Redis is unreachable', { cause: error });
    });
    await this.#connecting;
  }

  async #inspect<T>(what: string, run: (queues: NamedQueue[]) => Promise<T>): Promise<T> {
    await this.#producerReady();
    const queues = await Promise.all(
      JOB_NAMES.map(async (name): Promise<NamedQueue> => [name, await this.#queue(name)]),
    );
    return this.#call(what, () => run(queues));
  }

  /** Runs a producer call; a failure (Redis unreachable, timed out, refused) becomes UNAVAILABLE. */
  async #call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new AdapterError(NAME, 'UNAVAILABLE', `${what} failed: ${message}`, { cause: error });
    }
  }

  /** Logs a connection or worker error once per distinct message until Redis is reachable again. */
  #report(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (message === this.#lastError) return;
    this.#lastError = message;
    this.#options.logger?.warn({ err: message }, 'queue: Redis error');
  }
}

/** True when `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = await Promise.race([promise.then(() => true), timedOut]);
  clearTimeout(timer);
  return settled;
}
