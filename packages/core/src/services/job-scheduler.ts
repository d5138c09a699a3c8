import { pendingJob } from '../jobs/job-types.js';
import type { IDatabaseAdapter } from '../ports/database.js';
import type { Logger } from '../ports/logger.js';

/** The jobs that run on a schedule rather than in answer to a change. */
export const SCHEDULED_JOBS = ['order.expire-unpaid', 'payment.verify-sweep', 'order.prune-records'] as const;

export type ScheduledJobName = (typeof SCHEDULED_JOBS)[number];

export interface JobSchedulerOptions {
  /** Length of one schedule slot in milliseconds: each scheduled job runs once per slot. */
  intervalMs: number;
  /** Called after a slot's jobs were written, e.g. to have the outbox relay dispatch them at once. */
  onWritten?: () => void;
}

/**
 * Runs the scheduled jobs once per slot across any number of processes. At the start of each slot,
 * every process writes the slot's jobs to the transactional outbox under the key `<job>@<slot start>`;
 * the outbox keeps one entry per key, so the queue receives each slot's job once and one worker runs
 * it. A slot missed while the database was down is harmless: every run covers all overdue orders.
 */
export class JobScheduler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  /** The slot being written, if any: `stop` waits for it. */
  private writing: Promise<void> | undefined;

  constructor(
    private readonly db: IDatabaseAdapter,
    private readonly logger: Logger,
    private readonly options: JobSchedulerOptions,
  ) {}

  /** Writes the current slot's jobs now, then at the start of every following slot. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.tick();
  }

  /** Writes no further slots; resolves once a slot being written meanwhile is written (or failed). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.writing;
  }

  private tick(): void {
    this.writing = this.write().finally(() => (this.writing = undefined));
  }

  /** Writes the jobs of the slot containing now; failures are logged and the next slot tries again. */
  private async write(): Promise<void> {
    const { intervalMs } = this.options;
    const slotStart = Math.floor(Date.now() / intervalMs) * intervalMs;
    const scheduledAt = new Date(slotStart).toISOString();
    try {
      await this.db.outbox.add(
        SCHEDULED_JOBS.map((name) => pendingJob(name, { scheduledAt }, String(slotStart))),
      );
      this.options.onWritten?.();
    } catch (error) {
      this.logger.warn(
        { err: error, scheduledAt },
        'could not write the scheduled jobs; the next slot retries',
      );
    }
    if (!this.stopped) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.tick(), slotStart + intervalMs - Date.now()).unref();
    }
  }
}
