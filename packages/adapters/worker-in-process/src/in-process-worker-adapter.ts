import { randomUUID } from 'node:crypto';
import {
  AdapterError,
  MAX_TIMER_MS,
  QUEUE_NAMES,
  assertBackoff,
  assertJobName,
  enqueueDelayMs,
  isPermanentJobError,
  measureHealth,
  queueOf,
  stopTimeoutMs,
  wholeNumber,
} from '@bharatmart/core';
import type {
  BackoffOptions,
  EnqueueOptions,
  FailedJob,
  HealthStatus,
  InspectableWorkerAdapter,
  JobCounts,
  JobHandler,
  JobName,
  JobPayloads,
  Logger,
  ProcessOptions,
  QueueName,
} from '@bharatmart/core';
import { backoffDelayMs } from './backoff.js';
import { toFailedJob } from './job-record.js';
import type { HandlerSlot, InProcessWorkerOptions, JobRecord } from './job-record.js';

const NAME = 'in-process';

/**
 * A job queue inside this process, named `in-process`, not durable: jobs live in memory and are
 * lost when the process exits (the outbox keeps them until they complete). Jobs run in enqueue order
 * per job name, at most `concurrency` at once per name, and not before `start()`. Delays and
 * backoffs are unref'd timers, cleared by `stop()`. `stop()` is final: afterwards `enqueue` and
 * `start` throw `AdapterError` (`UNAVAILABLE`) and `health()` is `down`; jobs still waiting or
 * delayed stay where they are. `close()` is `stop({ timeoutMs: 0 })` unless a stop is under way.
 */
export function createInProcessWorker(options: InProcessWorkerOptions = {}): InspectableWorkerAdapter {
  return new InProcessWorker(options);
}

class InProcessWorker implements InspectableWorkerAdapter {
  readonly name = NAME;
  readonly durable = false;
  readonly dedupesJobIds = true;
  readonly countAccuracy = 'exact';
  readonly #jobs = new Map<string, JobRecord>();
  readonly #waiting = new Map<JobName, JobRecord[]>();
  readonly #slots = new Map<JobName, HandlerSlot>();
  readonly #running = new Map<JobRecord, Promise<void>>();
  /** Oldest first, for retention; `#failed` is also the order `failedJobs` reverses. */
  readonly #completed: JobRecord[] = [];
  readonly #failed: JobRecord[] = [];
  readonly #attempts: number;
  readonly #backoff: BackoffOptions;
  readonly #retainCompleted: number;
  readonly #retainFailed: number;
  readonly #logger: Logger | undefined;
  #started = false;
  #stopping = false;
  #stopped: Promise<void> | undefined;

  constructor(options: InProcessWorkerOptions) {
    this.#attempts = wholeNumber(options.defaultAttempts ?? 5, 1, 'defaultAttempts');
    this.#backoff = { ...(options.defaultBackoff ?? { type: 'exponential', delayMs: 1000 }) };
    assertBackoff(this.#backoff, 'defaultBackoff');
    this.#retainCompleted = wholeNumber(options.retainCompleted ?? 1000, 0, 'retainCompleted');
    this.#retainFailed = wholeNumber(options.retainFailed ?? 1000, 0, 'retainFailed');
    this.#logger = options.logger;
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<string> {
    if (this.#stopping) {
      throw new AdapterError(NAME, 'UNAVAILABLE', `worker is stopped; ${name} not accepted`);
    }
    assertJobName(name);
    const id = options.jobId ?? randomUUID();
    if (this.#jobs.has(id)) return id;
    const backoff = { ...(options.backoff ?? this.#backoff) };
    assertBackoff(backoff, 'backoff');
    const delayMs = enqueueDelayMs(options);
    const payloadJson = JSON.stringify(payload);
    if (payloadJson === undefined) throw new TypeError(`payload of ${name} has no JSON form`);
    const record: JobRecord = {
      id,
      name,
      queue: queueOf(name),
      payloadJson,
      attempts: wholeNumber(options.attempts ?? this.#attempts, 1, 'attempts'),
      backoff,
      state: 'waiting',
      attemptsMade: 0,
      runAt: 0,
      timer: undefined,
      abort: undefined,
      abandoned: false,
      error: undefined,
      failedAt: undefined,
    };
    this.#jobs.set(id, record);
    if (delayMs > 0) this.#delay(record, delayMs);
    else this.#makeWaiting(record);
    return id;
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>, options: ProcessOptions = {}): void {
    const concurrency = wholeNumber(options.concurrency ?? 1, 1, 'concurrency');
    const slot = this.#slots.get(name);
    // The port types handlers per job name; this map holds them all under the widest type.
    const anyHandler = handler as unknown as JobHandler;
    if (slot) Object.assign(slot, { handler: anyHandler, concurrency });
    else this.#slots.set(name, { handler: anyHandler, concurrency, active: 0 });
    this.#dispatch(name);
  }

  async start(): Promise<void> {
    if (this.#stopping) throw new AdapterError(NAME, 'UNAVAILABLE', 'worker was stopped; create a new one');
    if (this.#started) return;
    this.#started = true;
    for (const name of this.#waiting.keys()) this.#dispatch(name);
  }

  stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.#stopped) return this.#stopped;
    this.#stopping = true;
    for (const record of this.#jobs.values()) {
      clearTimeout(record.timer);
      record.timer = undefined;
    }
    this.#stopped = this.#drain(stopTimeoutMs(options));
    return this.#stopped;
  }

  async close(): Promise<void> {
    await this.stop({ timeoutMs: 0 });
  }

  health(): Promise<HealthStatus> {
    return measureHealth(async () => {
      if (this.#stopping) throw new AdapterError(NAME, 'UNAVAILABLE', 'worker is stopped');
    });
  }

  async counts(): Promise<Record<QueueName, JobCounts>> {
    const zero = (): JobCounts => ({ waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 });
    const counts = Object.fromEntries(QUEUE_NAMES.map((q) => [q, zero()])) as Record<QueueName, JobCounts>;
    for (const record of this.#jobs.values()) counts[record.queue][record.state] += 1;
    return counts;
  }

  async failedJobs(limit = 50): Promise<FailedJob[]> {
    return [...this.#failed].reverse().slice(0, Math.max(0, limit)).map(toFailedJob);
  }

  async retry(jobId: string): Promise<boolean> {
    const record = this.#jobs.get(jobId);
    if (!record || record.state !== 'failed') return false;
    this.#failed.splice(this.#failed.indexOf(record), 1);
    Object.assign(record, { attemptsMade: 0, error: undefined, failedAt: undefined });
    this.#makeWaiting(record);
    return true;
  }

  #delay(record: JobRecord, delayMs: number): void {
    record.state = 'delayed';
    record.runAt = Date.now() + delayMs;
    this.#arm(record);
  }

  #arm(record: JobRecord): void {
    if (this.#stopping) return;
    const wait = Math.min(Math.max(0, record.runAt - Date.now()), MAX_TIMER_MS);
    record.timer = setTimeout(() => {
      record.timer = undefined;
      // Timers may fire a millisecond early; "no earlier than" is a promise, so wait out the rest.
      if (Date.now() < record.runAt) this.#arm(record);
      else this.#makeWaiting(record);
    }, wait);
    record.timer.unref();
  }

  #makeWaiting(record: JobRecord): void {
    record.state = 'waiting';
    const queue = this.#waiting.get(record.name);
    if (queue) queue.push(record);
    else this.#waiting.set(record.name, [record]);
    this.#dispatch(record.name);
  }

  #dispatch(name: JobName): void {
    if (!this.#started || this.#stopping) return;
    const slot = this.#slots.get(name);
    const queue = this.#waiting.get(name);
    while (slot && queue && slot.active < slot.concurrency) {
      const record = queue.shift();
      if (!record) return;
      this.#run(record, slot);
    }
  }

  #run(record: JobRecord, slot: HandlerSlot): void {
    slot.active += 1;
    record.state = 'active';
    record.attemptsMade += 1;
    // The attempt's AbortController is made when the handler first reads `signal` or the worker
    // gives up on the attempt, whichever comes first: most handlers never read it.
    let controller: AbortController | undefined;
    const attemptController = () => (controller ??= new AbortController());
    record.abort = (reason) => attemptController().abort(reason);
    const context = {
      id: record.id,
      name: record.name,
      payload: JSON.parse(record.payloadJson) as JobPayloads[JobName],
      attempt: record.attemptsMade,
      attempts: record.attempts,
      get signal() {
        return attemptController().signal;
      },
    };
    const settled = Promise.resolve()
      .then(() => slot.handler(context))
      .then(
        () => this.#succeeded(record),
        (error: unknown) => this.#attemptFailed(record, error),
      )
      .finally(() => {
        slot.active -= 1;
        record.abort = undefined;
        this.#running.delete(record);
        this.#dispatch(record.name);
      });
    this.#running.set(record, settled);
  }

  #succeeded(record: JobRecord): void {
    record.state = 'completed';
    this.#completed.push(record);
    this.#trim(this.#completed, this.#retainCompleted);
  }

  #attemptFailed(record: JobRecord, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const log = { jobId: record.id, job: record.name, attempt: record.attemptsMade, err: message };
    if (record.abandoned) {
      // Stopped mid-run: the try did not get a fair chance, so it does not count.
      record.attemptsMade -= 1;
      this.#makeWaiting(record);
      return;
    }
    const permanent = isPermanentJobError(error);
    if (!permanent && record.attemptsMade < record.attempts) {
      this.#logger?.warn(log, 'job attempt failed; retrying');
      this.#delay(record, backoffDelayMs(record.backoff, record.attemptsMade));
      return;
    }
    this.#logger?.error(log, permanent ? 'job failed permanently' : 'job failed; attempts exhausted');
    Object.assign(record, { state: 'failed', error: message, failedAt: new Date().toISOString() });
    this.#failed.push(record);
    this.#trim(this.#failed, this.#retainFailed);
  }

  #trim(list: JobRecord[], keep: number): void {
    while (list.length > keep) {
      const dropped = list.shift();
      if (dropped) this.#jobs.delete(dropped.id);
    }
  }

  async #drain(timeoutMs: number): Promise<void> {
    const running = [...this.#running.values()];
    if (running.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(running), timedOut]);
    clearTimeout(timer);
    for (const record of this.#running.keys()) {
      record.abandoned = true;
      record.abort?.(new AdapterError(NAME, 'TIMEOUT', `worker stopped before job ${record.id} finished`));
    }
  }
}
