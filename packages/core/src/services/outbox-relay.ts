import { AsyncResource } from 'node:async_hooks';
import { isAdapterError } from '../errors.js';
import type { IDatabaseAdapter } from '../ports/database.js';
import type { Logger } from '../ports/logger.js';
import type { IWorkerAdapter } from '../ports/worker.js';

export interface OutboxRelayOptions {
  /** Milliseconds between polls of the outbox. Default 250. */
  intervalMs?: number;
  /** Entries moved per round trip. Default 100. */
  batchSize?: number;
}

/**
 * Moves jobs from the transactional outbox to the queue. An entry is marked dispatched only after the
 * queue accepted it, and the entry's key is the job id, so a crash or a second relay at worst enqueues
 * a duplicate the queue ignores: no committed job is lost. While the queue is down, entries wait.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private failing = false;
  /** Keys the queue refused as invalid; they stay pending (nothing is dropped) and are logged once. */
  readonly #refusedKeys = new Set<string>();

  constructor(
    private readonly db: IDatabaseAdapter,
    private readonly worker: IWorkerAdapter,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.batchSize = options.batchSize ?? 100;
    // Dispatching runs in the relay's own async context (the one it was made in), never its
    // caller's: a request that kicks it must not have every later poll counted as its own work
    // (a trace would otherwise grow with each poll).
    this.kick = AsyncResource.bind(this.kick.bind(this));
  }

  /**
   * Starts polling. With a non-durable queue, jobs dispatched by a process that died before they
   * completed are put back first.
   */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    if (!this.worker.durable) {
      const requeued = await this.db.outbox.requeueUnfinished();
      if (requeued > 0)
        this.logger.warn({ requeued }, 'outbox: re-dispatching jobs left unfinished by a previous process');
    }
    this.kick();
  }

  /** Dispatches now instead of at the next poll (called after a change wrote jobs). */
  kick(): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (!this.stopped) this.timer = setTimeout(() => this.kick(), this.intervalMs).unref();
    });
  }

  /** Stops polling and waits for a dispatch in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  #refused(key: string, error: unknown): void {
    if (this.#refusedKeys.has(key)) return;
    this.#refusedKeys.add(key);
    this.logger.error(
      { err: error, key },
      'outbox: the queue refused this job; it stays in the outbox and the rest go on',
    );
  }

  /** Dispatches until the outbox has no pending entry; returns how many were dispatched. */
  async drain(): Promise<number> {
    let dispatched = 0;
    try {
      for (;;) {
        const entries = await this.db.outbox.pending(this.batchSize);
        if (entries.length === 0) break;
        const accepted: string[] = [];
        for (const entry of entries) {
          const delayMs = Math.max(0, Date.parse(entry.createdAt) + (entry.delayMs ?? 0) - Date.now());
          try {
            await this.worker.enqueue(entry.name, entry.payload, { jobId: entry.key, delayMs });
            accepted.push(entry.id);
          } catch (error) {
            // An AdapterError: the queue could not be reached (retry later); else it refused the job.
            if (isAdapterError(error)) throw error;
            this.#refused(entry.key, error);
          }
        }
        if (accepted.length > 0) await this.db.outbox.markDispatched(accepted);
        dispatched += accepted.length;
        if (entries.length < this.batchSize || accepted.length === 0) break;
      }
      if (this.failing) this.logger.info({}, 'outbox: dispatching again');
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        this.logger.error({ err: error }, 'outbox: dispatch failed; jobs stay in the outbox and are retried');
      this.failing = true;
    }
    return dispatched;
  }
}
