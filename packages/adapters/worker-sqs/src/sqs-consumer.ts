import { setTimeout as sleep } from 'node:timers/promises';
import { AdapterError } from '@bharatmart/core';
import type { JobContext, JobHandler, JobName, JobPayloads } from '@bharatmart/core';
import type { FailureRecord, JobMessage } from './job-message.js';
import type { ResolvedSqsOptions } from './sqs-worker-options.js';
import { backoffSeconds } from './sqs-worker-options.js';
import { NAME } from './sqs-queue-client.js';
import type { ReceivedMessage, SqsQueueClient } from './sqs-queue-client.js';

/** A received message carrying a job. */
export type JobDelivery = ReceivedMessage & { job: JobMessage };

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

/** Longest visibility SQS allows a received message (12 hours), less a margin. */
const MAX_HIDE_S = 43_000;
const RETRY_PAUSE_MS = 1000;

/**
 * Consumes the queue for the registered handlers: one long-poll loop asks for as many messages as
 * handler slots are free, each job runs with at most `concurrency` handlers per job name, and a held
 * job's visibility is renewed every third of the timeout. Success deletes the message; a failure hides
 * it for the backoff, or hands it to `deadLetter` once its receive count reached its attempts (or at
 * once for a PermanentJobError). Delay carriers are re-delayed or replaced by their job when due.
 */
export class SqsConsumer {
  readonly #slots = new Map<JobName, Slot>();
  readonly #running = new Set<Lease>();
  readonly #receiving = new AbortController();
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #stopping = false;

  constructor(
    private readonly queue: SqsQueueClient,
    private readonly options: ResolvedSqsOptions,
    private readonly deadLetter: (delivery: JobDelivery, failure: FailureRecord) => Promise<void>,
  ) {}

  /** Sets the handler of `name` and how many of its jobs may run at once. */
  register(name: JobName, handler: JobHandler, concurrency: number): void {
    const slot = this.#slots.get(name);
    if (slot) Object.assign(slot, { handler, concurrency });
    else this.#slots.set(name, { handler, concurrency, active: 0, waiting: [] });
    this.#wakeUp();
  }

  /** Starts the receive loop once. */
  start(): void {
    this.#loop ??= this.#receiveLoop();
  }

  /**
   * Stops receiving, makes held jobs that did not start visible again, waits up to `timeoutMs` for
   * running handlers, then aborts the signals of those still running and makes their jobs visible.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    this.#receiving.abort();
    this.#wakeUp();
    await this.#loop;
    const waiting = [...this.#slots.values()].flatMap((slot) => slot.waiting.splice(0));
    await this.#release(waiting);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.#running].map((lease) => lease.settled)), timedOut]);
    clearTimeout(timer);
    const abandoned = [...this.#running].filter((lease) => lease.state === 'running');
    for (const lease of abandoned) {
      lease.state = 'abandoned';
      const job = lease.delivery.job;
      lease.abort?.abort(new AdapterError(NAME, 'TIMEOUT', `worker stopped before job ${job.id} finished`));
    }
    await this.#release(abandoned);
  }

  async #receiveLoop(): Promise<void> {
    const { queueUrl, visibilityTimeoutSeconds, waitTimeSeconds, logger } = this.options;
    while (!this.#stopping) {
      const free = this.#free();
      if (free <= 0) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      try {
        const messages = await this.queue.receive(queueUrl, {
          max: Math.min(10, free),
          visibilityS: visibilityTimeoutSeconds,
          waitS: waitTimeSeconds,
          signal: this.#receiving.signal,
        });
        for (const message of messages) await this.#accept(message);
      } catch (error) {
        if (this.#stopping) break;
        logger?.warn({ err: (error as Error).message }, 'receiving jobs failed; retrying');
        await sleep(RETRY_PAUSE_MS, undefined, { signal: this.#receiving.signal }).catch(() => undefined);
      }
    }
  }

  /** Handler slots free for new messages: every slot's free places, less the jobs held waiting. */
  #free(): number {
    let free = 0;
    for (const slot of this.#slots.values()) free += slot.concurrency - slot.active - slot.waiting.length;
    return free;
  }

  #wakeUp(): void {
    this.#wake?.();
    this.#wake = undefined;
  }

  async #accept(message: ReceivedMessage): Promise<void> {
    const { job } = message;
    const slot = job && this.#slots.get(job.name);
    if (job?.runAt !== undefined) return this.#carry({ ...message, job });
    if (!job || !slot) {
      // Not ours, or no handler here: it stays hidden for the visibility timeout, then another
      // consumer may take it (a receive without a handler counts towards the redrive policy).
      this.options.logger?.warn({ job: job?.name }, 'received a message without a handler here');
      return;
    }
    const { visibilityTimeoutSeconds: visibility, queueUrl } = this.options;
    const lease: Lease = {
      delivery: { ...message, job },
      state: 'waiting',
      heartbeat: setInterval(
        () => {
          this.queue
            .changeVisibility(queueUrl, message.receiptHandle, visibility)
            .catch((error: unknown) =>
              this.options.logger?.warn(
                { jobId: job.id, err: (error as Error).message },
                'extending visibility failed',
              ),
            );
        },
        Math.max(1000, (visibility * 1000) / 3),
      ),
    };
    lease.heartbeat.unref();
    slot.waiting.push(lease);
    this.#dispatch(slot);
  }

  /** A delay carrier: replaced by its runnable job once due, else delayed again until due. */
  async #carry(delivery: JobDelivery): Promise<void> {
    const { queueUrl, fifo, logger } = this.options;
    const { job, receiptHandle } = delivery;
    const remainingMs = (job.runAt ?? 0) - Date.now();
    try {
      if (fifo && remainingMs > 0) {
        await this.queue.changeVisibility(
          queueUrl,
          receiptHandle,
          Math.min(Math.ceil(remainingMs / 1000), MAX_HIDE_S),
        );
        return;
      }
      await this.queue.sendJob(queueUrl, { ...job, runAt: undefined }, Math.max(0, remainingMs));
      await this.queue.delete(queueUrl, receiptHandle);
    } catch (error) {
      logger?.warn(
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
    const { job, receiveCount } = lease.delivery;
    slot.active += 1;
    lease.state = 'running';
    lease.abort = new AbortController();
    const context: JobContext = {
      id: job.id,
      name: job.name,
      payload: job.payload as JobPayloads[JobName],
      attempt: receiveCount,
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
        this.#wakeUp();
      });
  }

  /** Deletes a done job, hides a failed one for its backoff, or dead-letters it when it may not retry. */
  async #settle(delivery: JobDelivery, outcome: { error: unknown } | undefined): Promise<void> {
    const { queueUrl, logger } = this.options;
    const { job, receiveCount: attempt, receiptHandle } = delivery;
    try {
      if (outcome === undefined) return await this.queue.delete(queueUrl, receiptHandle);
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      // By name, not instanceof: a second copy of core (another bundle) must be honoured too.
      const permanent = (outcome.error as { name?: unknown } | null)?.name === 'PermanentJobError';
      const log = { jobId: job.id, job: job.name, attempt, err: message };
      if (!permanent && attempt < job.attempts) {
        logger?.warn(log, 'job attempt failed; retrying');
        return await this.queue.changeVisibility(
          queueUrl,
          receiptHandle,
          backoffSeconds(job.backoff, attempt, MAX_HIDE_S),
        );
      }
      logger?.error(log, permanent ? 'job failed permanently' : 'job failed; attempts exhausted');
      await this.deadLetter(delivery, {
        error: message,
        attempts: attempt,
        failedAt: new Date().toISOString(),
      });
    } catch (error) {
      // The message reappears after its visibility timeout and is handled again: at least once.
      logger?.warn({ jobId: job.id, err: (error as Error).message }, 'finishing a job failed');
    }
  }

  /** Makes the messages of `leases` visible again at once (best effort: else they time out). */
  async #release(leases: readonly Lease[]): Promise<void> {
    for (const lease of leases) clearInterval(lease.heartbeat);
    if (leases.length === 0) return;
    await this.queue
      .releaseAll(
        this.options.queueUrl,
        leases.map((lease) => lease.delivery.receiptHandle),
      )
      .catch((error: unknown) =>
        this.options.logger?.warn({ err: (error as Error).message }, 'releasing jobs failed'),
      );
  }
}
