import { setTimeout as sleep } from 'node:timers/promises';
import { AdapterError } from '@bharatmart/core';
import type { JobContext, JobHandler, JobName, JobPayloads } from '@bharatmart/core';
import type { JobDelivery, Lane, PollingQueueBackend, ReceivedMessage } from './backend.js';
import type { ResolvedPollingQueueOptions } from './options.js';
import { hideSeconds, judgeFailedTry } from './retry-policy.js';

/** A received job this process holds: waiting for a free handler slot, running, or finishing. */
interface Lease {
  readonly delivery: JobDelivery;
  state: 'waiting' | 'running' | 'settling' | 'abandoned';
  heartbeat: NodeJS.Timeout;
  abort?: AbortController;
  settled?: Promise<void>;
}

interface Slot {
  handler: JobHandler;
  concurrency: number;
  active: number;
  readonly waiting: Lease[];
}

const RETRY_PAUSE_MS = 1000;

/**
 * Consumes a queue for the registered handlers: a long-poll loop per lane asks for as many messages
 * as the lane's job names have free handler slots, each job runs with at most `concurrency` handlers
 * per job name, and a held job's visibility is renewed every third of the timeout. Success deletes
 * the message; a failure hides it for the backoff, or hands it to the backend's failed jobs once its
 * delivery count reached its attempts (or at once for a PermanentJobError). Delay carriers are
 * delayed again until due, then replaced by their runnable job.
 */
export class PollingConsumer {
  readonly #slots = new Map<JobName, Slot>();
  readonly #running = new Set<Lease>();
  readonly #waiters = new Set<() => void>();
  readonly #receiving = new AbortController();
  #loops: Promise<void>[] | undefined;
  #stopping = false;

  constructor(
    private readonly backend: PollingQueueBackend,
    private readonly options: ResolvedPollingQueueOptions,
  ) {}

  /** Sets the handler of `name` and how many of its jobs may run at once. */
  register(name: JobName, handler: JobHandler, concurrency: number): void {
    const slot = this.#slots.get(name);
    if (slot) Object.assign(slot, { handler, concurrency });
    else this.#slots.set(name, { handler, concurrency, active: 0, waiting: [] });
    this.#wakeAll();
  }

  /** Starts the receive loops once. */
  start(): void {
    this.#loops ??= this.backend.lanes.map((lane) => this.#receiveLoop(lane));
  }

  /**
   * Stops receiving, makes held jobs that did not start visible again, waits up to `timeoutMs` for
   * running handlers, then aborts the signals of those still running and makes their jobs visible.
   * Resolves once the long polls in flight returned (what they still receive is made visible again).
   */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    this.#receiving.abort();
    this.#wakeAll();
    await this.#release(this.#takeWaiting());
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.#running].map((lease) => lease.settled)), timedOut]);
    clearTimeout(timer);
    const abandoned = [...this.#running].filter((lease) => lease.state === 'running');
    for (const lease of abandoned) {
      lease.state = 'abandoned';
      const reason = `worker stopped before job ${lease.delivery.job.id} finished`;
      lease.abort?.abort(new AdapterError(this.backend.name, 'TIMEOUT', reason));
    }
    await this.#release(abandoned);
    await Promise.allSettled(this.#loops ?? []);
    await this.#release(this.#takeWaiting());
  }

  async #receiveLoop(lane: Lane): Promise<void> {
    const { visibilityTimeoutSeconds: visibilityS, waitTimeSeconds: waitS, logger } = this.options;
    const signal = this.#receiving.signal;
    while (!this.#stopping) {
      const limit = this.#free(lane);
      if (limit <= 0) {
        await new Promise<void>((resolve) => this.#waiters.add(resolve));
        continue;
      }
      try {
        const messages = await this.backend.receive(lane, { limit, visibilityS, waitS, signal });
        if (this.#stopping) await this.#giveBack(messages.map((message) => message.receipt));
        else for (const message of messages) await this.#accept(lane, message);
      } catch (error) {
        if (this.#stopping) break;
        logger?.warn({ lane: lane.id, err: (error as Error).message }, 'receiving jobs failed; retrying');
        await sleep(RETRY_PAUSE_MS, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** Messages `lane` may take now: a carriers-only lane its batch, else its names' free handler slots. */
  #free(lane: Lane): number {
    if (lane.jobs.length === 0) return lane.batch;
    let free = 0;
    for (const name of lane.jobs) {
      const slot = this.#slots.get(name);
      if (slot) free += slot.concurrency - slot.active - slot.waiting.length;
    }
    return Math.min(lane.batch, free);
  }

  #wakeAll(): void {
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  async #accept(lane: Lane, message: ReceivedMessage): Promise<void> {
    const { job } = message;
    if (job?.runAt !== undefined && lane.carriers) return this.#carry({ ...message, job });
    const runnable = job !== undefined && job.runAt === undefined && lane.jobs.includes(job.name);
    const slot = runnable ? this.#slots.get(job.name) : undefined;
    if (!job || !slot) {
      // Not ours, or no handler here: it stays hidden for the visibility timeout, then another
      // consumer may take it (the delivery counts towards the queue's own dead-letter limit).
      this.options.logger?.warn(
        { lane: lane.id, job: job?.name },
        'received a message without a handler here',
      );
      return;
    }
    const delivery = { ...message, job };
    slot.waiting.push({ delivery, state: 'waiting', heartbeat: this.#heartbeat(delivery) });
    this.#dispatch(slot);
  }

  /** Renews the visibility of a held message every third of the timeout, until cleared. */
  #heartbeat({ job, receipt }: JobDelivery): NodeJS.Timeout {
    const { visibilityTimeoutSeconds: visibility, logger } = this.options;
    const timer = setInterval(
      () => {
        this.backend
          .hide(receipt, visibility)
          .catch((error: unknown) =>
            logger?.warn({ jobId: job.id, err: (error as Error).message }, 'extending visibility failed'),
          );
      },
      Math.max(1000, (visibility * 1000) / 3),
    );
    timer.unref();
    return timer;
  }

  /** A delay carrier: delayed again until due, or replaced by its runnable job once due. */
  async #carry({ job, receipt }: JobDelivery): Promise<void> {
    const remainingMs = (job.runAt ?? 0) - Date.now();
    try {
      if (remainingMs > 0 && !this.backend.perMessageDelay) {
        return await this.backend.hide(receipt, hideSeconds(remainingMs));
      }
      await this.backend.send({ ...job, runAt: undefined }, Math.max(0, remainingMs));
      await this.backend.delete(receipt);
    } catch (error) {
      this.options.logger?.warn(
        { jobId: job.id, err: (error as Error).message },
        'delaying a job failed; it will be retried',
      );
    }
  }

  #dispatch(slot: Slot): void {
    while (!this.#stopping && slot.active < slot.concurrency) {
      const lease = slot.waiting.shift();
      if (!lease) return;
      this.#run(lease, slot);
    }
  }

  #run(lease: Lease, slot: Slot): void {
    const { job, deliveryCount } = lease.delivery;
    slot.active += 1;
    lease.state = 'running';
    lease.abort = new AbortController();
    const context: JobContext = {
      id: job.id,
      name: job.name,
      payload: job.payload as JobPayloads[JobName],
      attempt: deliveryCount,
      attempts: job.attempts,
      signal: lease.abort.signal,
    };
    this.#running.add(lease);
    lease.settled = Promise.resolve()
      .then(() => slot.handler(context))
      .then(
        () => undefined,
        (error: unknown) => ({ error }),
      )
      .then(async (outcome) => {
        if (lease.state === 'abandoned') return;
        lease.state = 'settling';
        clearInterval(lease.heartbeat);
        await this.#settle(lease.delivery, outcome);
      })
      .finally(() => {
        clearInterval(lease.heartbeat);
        slot.active -= 1;
        this.#running.delete(lease);
        this.#dispatch(slot);
        this.#wakeAll();
      });
  }

  /** Deletes a done job, hides a failed one for its backoff, or fails it when it may not retry. */
  async #settle(delivery: JobDelivery, outcome: { error: unknown } | undefined): Promise<void> {
    const { logger } = this.options;
    const { job, deliveryCount: attempt, receipt } = delivery;
    try {
      if (outcome === undefined) return await this.backend.delete(receipt);
      const fate = judgeFailedTry(job, attempt, outcome.error);
      const log = { jobId: job.id, job: job.name, attempt, err: fate.error };
      if (fate.retry) {
        logger?.warn(log, 'job attempt failed; retrying');
        return await this.backend.hide(receipt, fate.hideSeconds);
      }
      logger?.error(log, fate.permanent ? 'job failed permanently' : 'job failed; attempts exhausted');
      await this.backend.failed.add(delivery, {
        error: fate.error,
        attempts: attempt,
        failedAt: new Date().toISOString(),
      });
    } catch (error) {
      // The message reappears after its visibility timeout and is handled again: at least once.
      logger?.warn({ jobId: job.id, err: (error as Error).message }, 'finishing a job failed');
    }
  }

  /** Takes every held job that did not start out of its slot. */
  #takeWaiting(): Lease[] {
    return [...this.#slots.values()].flatMap((slot) => slot.waiting.splice(0));
  }

  /** Makes the messages of `leases` visible again at once (best effort: else they time out). */
  async #release(leases: readonly Lease[]): Promise<void> {
    for (const lease of leases) clearInterval(lease.heartbeat);
    await this.#giveBack(leases.map((lease) => lease.delivery.receipt));
  }

  async #giveBack(receipts: readonly string[]): Promise<void> {
    if (receipts.length === 0) return;
    await this.backend
      .release(receipts)
      .catch((error: unknown) =>
        this.options.logger?.warn({ err: (error as Error).message }, 'releasing jobs failed'),
      );
  }
}
