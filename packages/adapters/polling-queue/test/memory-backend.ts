import { AdapterError, JOB_NAMES, QUEUE_NAMES, queueOf } from '@bharatmart/core';
import type { JobCounts, QueueName } from '@bharatmart/core';
import type { FailedJobStore, Lane, PollingQueueBackend, ReceivedMessage } from '../src/backend.js';
import { newestFailedJobs } from '../src/failed-job-scans.js';
import { formatJobMessage, parseJobMessage, toFailedJob } from '../src/job-message.js';
import type { FailureRecord, JobMessage } from '../src/job-message.js';

interface Stored {
  body: string;
  /** Epoch ms from which it may be received. */
  visibleAt: number;
  deliveries: number;
  /** The receipt of its latest delivery; older receipts no longer reach it. */
  receipt?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A queue in memory with visibility timeouts and without per-message delays (delays travel as
 * carriers), for running the consumer without a broker. Failed jobs are kept in a list.
 */
export class MemoryBackend implements PollingQueueBackend {
  readonly name = 'memory-queue';
  readonly perMessageDelay = false;
  readonly lanes: readonly Lane[] = [{ id: 'jobs', jobs: JOB_NAMES, carriers: true, batch: 10 }];
  readonly #messages = new Set<Stored>();
  /** Failed jobs, each with its failure record. */
  #failedJobs: (JobMessage & { failure: FailureRecord })[] = [];
  readonly failed: FailedJobStore = {
    add: async (delivery, failure) => {
      this.#failedJobs.push({ ...delivery.job, failure });
      await this.delete(delivery.receipt);
    },
    list: async (limit) =>
      newestFailedJobs(
        this.#failedJobs.map((job) => toFailedJob(job, job.failure)),
        limit,
      ),
    retry: async (jobId) => {
      const failed = this.#failedJobs.find((job) => job.id === jobId);
      if (!failed) return false;
      this.#failedJobs = this.#failedJobs.filter((job) => job.id !== jobId);
      await this.send({ ...failed, failure: undefined }, 0);
      return true;
    },
  };
  #receipts = 0;
  #closed = false;

  async prepare(): Promise<void> {}

  async receive(
    _lane: Lane,
    options: { limit: number; visibilityS: number; waitS: number; signal: AbortSignal },
  ): Promise<ReceivedMessage[]> {
    const deadline = Date.now() + options.waitS * 1000;
    for (;;) {
      const now = Date.now();
      const ready = [...this.#messages].filter((m) => m.visibleAt <= now).slice(0, options.limit);
      if (ready.length > 0 || now >= deadline || options.signal.aborted) {
        return ready.map((message) => this.#deliver(message, now + options.visibilityS * 1000));
      }
      await sleep(10);
    }
  }

  async send(job: JobMessage, delayMs: number): Promise<void> {
    this.#assertOpen();
    this.sendBody(formatJobMessage(delayMs > 0 ? { ...job, runAt: Date.now() + delayMs } : job));
  }

  /** Adds a message with `body` as it is, visible at once. */
  sendBody(body: string): void {
    this.#messages.add({ body, visibleAt: Date.now(), deliveries: 0 });
  }

  /** The messages in the queue, visible or held, by whether they may be received now. */
  depth(): { visible: number; held: number } {
    const now = Date.now();
    const visible = [...this.#messages].filter((message) => message.visibleAt <= now).length;
    return { visible, held: this.#messages.size - visible };
  }

  async hide(receipt: string, seconds: number): Promise<void> {
    const message = this.#held(receipt);
    if (message) message.visibleAt = Date.now() + seconds * 1000;
  }

  async release(receipts: readonly string[]): Promise<void> {
    for (const receipt of receipts) await this.hide(receipt, 0);
  }

  async delete(receipt: string): Promise<void> {
    const message = this.#held(receipt);
    if (message) this.#messages.delete(message);
  }

  /** Carriers count as delayed, held messages as active; no completed jobs are kept. */
  async counts(): Promise<Record<QueueName, JobCounts>> {
    this.#assertOpen();
    const counts = Object.fromEntries(
      QUEUE_NAMES.map((queue) => [queue, { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 }]),
    ) as Record<QueueName, JobCounts>;
    const now = Date.now();
    for (const message of this.#messages) {
      const job = parseJobMessage(message.body);
      if (!job) continue;
      const state = job.runAt !== undefined ? 'delayed' : message.visibleAt <= now ? 'waiting' : 'active';
      counts[queueOf(job.name)][state] += 1;
    }
    for (const job of this.#failedJobs) counts[queueOf(job.name)].failed += 1;
    return counts;
  }

  async probe(): Promise<void> {
    this.#assertOpen();
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #deliver(message: Stored, visibleAt: number): ReceivedMessage {
    message.deliveries += 1;
    message.visibleAt = visibleAt;
    message.receipt = `receipt-${++this.#receipts}`;
    return {
      job: parseJobMessage(message.body),
      receipt: message.receipt,
      deliveryCount: message.deliveries,
    };
  }

  #held(receipt: string): Stored | undefined {
    return [...this.#messages].find((message) => message.receipt === receipt);
  }

  #assertOpen(): void {
    if (this.#closed) throw new AdapterError(this.name, 'UNAVAILABLE', 'closed');
  }
}
