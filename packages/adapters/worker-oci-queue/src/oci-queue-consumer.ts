import { setTimeout as sleep } from 'node:timers/promises';
import { AdapterError, QUEUE_NAMES } from '@bharatmart/core';
import type { JobContext, JobHandler, JobName, JobPayloads, QueueName } from '@bharatmart/core';
import type { FailureRecord, JobMessage } from './job-message.js';
import { backoffSeconds } from './oci-queue-options.js';
import type { ResolvedOciQueueOptions } from './oci-queue-options.js';
import { NAME } from './oci-queue-client.js';
import type { OciQueueClient, ReceivedMessage } from './oci-queue-client.js';

/** A received message carrying a job. */
export type JobDelivery = ReceivedMessage & { job: JobMessage };

/** The channel of delay carriers of `queue`'s jobs. */
export const delayedChannel = (queue: QueueName): string => `delayed-${queue}`;

/** A job this process runs. */
interface Lease {
  readonly delivery: JobDelivery;
  state: 'running' | 'settling' | 'abandoned';
  heartbeat: NodeJS.Timeout;
  abort: AbortController;
  settled?: Promise<void>;
}

interface Slot {
  handler: JobHandler;
  concurrency: number;
  active: number;
  polling: boolean;
}

/** Longest visibility OCI Queue allows (12 hours), less a margin. */
const MAX_HIDE_S = 43_000;
const RETRY_PAUSE_MS = 1000;

/**
 * Consumes the queue: one long-poll loop per registered job name reads that name's channel, asking
 * for as many messages as the name has free handler slots, and one loop per QueueName turns due delay
 * carriers into runnable jobs. A running job's visibility is renewed every third of the timeout.
 * Success deletes the message; a failure hides it for the backoff, or hands it to `deadLetter` once
 * its delivery count reached its attempts (or at once for a PermanentJobError). The OCI SDK cannot
 * abort a long poll, so `stop()` waits for the polls in flight to return (at most `waitTimeSeconds`)
 * and gives back what they still receive.
 */
export class OciQueueConsumer {
  readonly #slots = new Map<JobName, Slot>();
  readonly #running = new Set<Lease>();
  /** The receive loops, so `stop()` can wait for their last long poll. */
  readonly #loops = new Set<Promise<void>>();
  readonly #waiters = new Set<() => void>();
  readonly #stopSignal = new AbortController();
  #started = false;
  #stopping = false;

  constructor(
    private readonly queue: OciQueueClient,
    private readonly options: ResolvedOciQueueOptions,
    private readonly deadLetter: (delivery: JobDelivery, failure: FailureRecord) => Promise<void>,
  ) {}

  /** Sets the handler of `name` and how many of its jobs may run at once. */
  register(name: JobName, handler: JobHandler, concurrency: number): void {
    const slot = this.#slots.get(name);
    if (slot) Object.assign(slot, { handler, concurrency });
    else this.#slots.set(name, { handler, concurrency, active: 0, polling: false });
    if (this.#started) this.#poll(name);
    this.#wakeAll();
  }

  /** Starts a loop per registered job name and per QueueName's delay carriers, once. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const name of this.#slots.keys()) this.#poll(name);
    for (const queue of QUEUE_NAMES) this.#track(this.#carrierLoop(queue));
  }

  #track(loop: Promise<void>): void {
    this.#loops.add(loop);
    void loop.finally(() => this.#loops.delete(loop));
  }

  /**
   * Stops receiving, waits up to `timeoutMs` for running handlers, then aborts the signals of those
   * still running and makes their jobs visible again.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    this.#stopSignal.abort();
    this.#wakeAll();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.#running].map((lease) => lease.settled)), timedOut]);
    clearTimeout(timer);
    const abandoned = [...this.#running].filter((lease) => lease.state === 'running');
    for (const lease of abandoned) {
      lease.state = 'abandoned';
      clearInterval(lease.heartbeat);
      const job = lease.delivery.job;
      lease.abort.abort(new AdapterError(NAME, 'TIMEOUT', `worker stopped before job ${job.id} finished`));
    }
    await this.#giveBack(abandoned.map((lease) => lease.delivery.receipt));
    await Promise.allSettled([...this.#loops]);
  }

  #poll(name: JobName): void {
    const slot = this.#slots.get(name);
    if (!slot || slot.polling) return;
    slot.polling = true;
    this.#track(
      this.#receiveLoop(
        name,
        async (limit) => {
          for (const message of await this.#receive(name, limit)) {
            if (message.job?.name === name && message.job.runAt === undefined) {
              this.#run({ ...message, job: message.job }, slot);
            } else {
              // Not a job of this channel: left to the queue's maxDeliveryAttempts.
              this.options.logger?.warn(
                { channel: name },
                'received a message that is not a job of its channel',
              );
            }
          }
        },
        () => slot.concurrency - slot.active,
      ),
    );
  }

  async #carrierLoop(queue: QueueName): Promise<void> {
    await this.#receiveLoop(
      delayedChannel(queue),
      async (limit) => {
        for (const message of await this.#receive(delayedChannel(queue), limit)) await this.#carry(message);
      },
      () => 20,
    );
  }

  /** Runs `step(free)` until stopping, waiting while `free()` is 0 and pausing after failures. */
  async #receiveLoop(
    channel: string,
    step: (limit: number) => Promise<void>,
    free: () => number,
  ): Promise<void> {
    while (!this.#stopping) {
      const limit = Math.min(20, free());
      if (limit <= 0) {
        await new Promise<void>((resolve) => this.#waiters.add(resolve));
        continue;
      }
      try {
        await step(limit);
      } catch (error) {
        if (this.#stopping) return;
        this.options.logger?.warn(
          { channel, err: (error as Error).message },
          'receiving jobs failed; retrying',
        );
        await sleep(RETRY_PAUSE_MS, undefined, { signal: this.#stopSignal.signal }).catch(() => undefined);
      }
    }
  }

  /** Long-polls `channel`; what arrives after stop() began is given back at once. */
  async #receive(channel: string, limit: number): Promise<ReceivedMessage[]> {
    const { visibilityTimeoutSeconds: visibilityS, waitTimeSeconds: waitS } = this.options;
    const messages = await this.queue.get(channel, { limit, visibilityS, waitS });
    if (!this.#stopping) return messages;
    await this.#giveBack(messages.map((message) => message.receipt));
    return [];
  }

  #wakeAll(): void {
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  /** A delay carrier: hidden again until due, or replaced by its runnable job once due. */
  async #carry({ job, receipt }: ReceivedMessage): Promise<void> {
    if (job?.runAt === undefined) {
      this.options.logger?.warn({}, 'received a message that is not a delayed job');
      return;
    }
    const remainingMs = job.runAt - Date.now();
    try {
      if (remainingMs > 0)
        return await this.queue.update(receipt, Math.min(Math.ceil(remainingMs / 1000), MAX_HIDE_S));
      await this.queue.put(job.name, [{ ...job, runAt: undefined }]);
      await this.queue.delete(receipt);
    } catch (error) {
      this.options.logger?.warn(
        { jobId: job.id, err: (error as Error).message },
        'delaying a job failed; it will be retried',
      );
    }
  }

  #run(delivery: JobDelivery, slot: Slot): void {
    const { job, deliveryCount, receipt } = delivery;
    const { visibilityTimeoutSeconds: visibility, logger } = this.options;
    slot.active += 1;
    const heartbeat = setInterval(
      () => {
        this.queue
          .update(receipt, visibility)
          .catch((error: unknown) =>
            logger?.warn({ jobId: job.id, err: (error as Error).message }, 'extending visibility failed'),
          );
      },
      Math.max(1000, (visibility * 1000) / 3),
    );
    heartbeat.unref();
    const lease: Lease = { delivery, state: 'running', heartbeat, abort: new AbortController() };
    const context: JobContext = {
      id: job.id,
      name: job.name,
      payload: job.payload as JobPayloads[JobName],
      attempt: deliveryCount,
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
        clearInterval(heartbeat);
        await this.#settle(delivery, outcome);
      })
      .finally(() => {
        clearInterval(heartbeat);
        slot.active -= 1;
        this.#running.delete(lease);
        this.#wakeAll();
      });
  }

  /** Deletes a done job, hides a failed one for its backoff, or dead-letters it when it may not retry. */
  async #settle(delivery: JobDelivery, outcome: { error: unknown } | undefined): Promise<void> {
    const { logger } = this.options;
    const { job, deliveryCount: attempt, receipt } = delivery;
    try {
      if (outcome === undefined) return await this.queue.delete(receipt);
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      // By name, not instanceof: a second copy of core (another bundle) must be honoured too.
      const permanent = (outcome.error as { name?: unknown } | null)?.name === 'PermanentJobError';
      const log = { jobId: job.id, job: job.name, attempt, err: message };
      if (!permanent && attempt < job.attempts) {
        logger?.warn(log, 'job attempt failed; retrying');
        return await this.queue.update(receipt, backoffSeconds(job.backoff, attempt, MAX_HIDE_S));
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

  /** Makes messages visible again at once (best effort: else they time out). */
  async #giveBack(receipts: readonly string[]): Promise<void> {
    if (receipts.length === 0) return;
    await this.queue
      .releaseAll(receipts)
      .catch((error: unknown) =>
        this.options.logger?.warn({ err: (error as Error).message }, 'releasing jobs failed'),
      );
  }
}
