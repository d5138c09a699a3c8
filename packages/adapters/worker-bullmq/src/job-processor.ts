import { UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { isPermanentJobError } from '@bharatmart/core';
import type { JobContext, JobHandler, JobName, JobPayloads, Logger } from '@bharatmart/core';

/** The handler registered for one job name and how many of its jobs may run at once. */
export interface HandlerSlot {
  handler: JobHandler;
  concurrency: number;
}

/** What the processors of one adapter share. */
export interface ProcessorContext {
  /** Jobs whose handler runs now, to abandon when stop() stops waiting. */
  running: Set<RunningJob>;
  /** True once stop() began: a job fetched from then on goes back to waiting unrun. */
  stopping: () => boolean;
  logger: Logger | undefined;
}

/** A job this process is running. */
export interface RunningJob {
  /** Aborts the handler's signal and gives the job back to the queue without counting the try. */
  abandon(reason: Error): void;
}

/**
 * A BullMQ Worker that knows which jobs it is processing, from fetch until BullMQ recorded the
 * outcome (completed, retry or failed), so stop() can wait for exactly that and then close by force
 * — BullMQ's graceful close() never returns while a connection is reconnecting (bullmq#4656).
 */
export class TrackedWorker extends Worker {
  readonly #processing = new Set<Promise<unknown>>();

  override async processJob(...args: Parameters<Worker['processJob']>): ReturnType<Worker['processJob']> {
    const processing = super.processJob(...args);
    this.#processing.add(processing);
    try {
      return await processing;
    } finally {
      this.#processing.delete(processing);
    }
  }

  /** Resolves once no job is being processed, including jobs that start while it waits. */
  async idle(): Promise<void> {
    while (this.#processing.size > 0) await Promise.allSettled([...this.#processing]);
  }
}

/**
 * The BullMQ processor for `name`: runs `slot`'s current handler with a JobContext. A throw becomes
 * a failed try (BullMQ retries with the job's backoff); a `PermanentJobError` (`isPermanentJobError`, which honours a
 * second copy of core too) becomes BullMQ's UnrecoverableError, which fails the job at
 * once. A job abandoned by stop(), or fetched after stop() began, is moved back to waiting and BullMQ
 * is told not to finish it, so the try does not count.
 */
export function createProcessor(
  name: JobName,
  slot: HandlerSlot,
  shared: ProcessorContext,
): (job: Job, token?: string) => Promise<void> {
  return async (job, token) => {
    const giveBack = async (): Promise<never> => {
      await job.moveToWait(token);
      throw new WaitingError();
    };
    if (shared.stopping()) return giveBack();
    const abort = new AbortController();
    const context: JobContext = {
      id: job.id ?? '',
      name,
      payload: job.data as JobPayloads[JobName],
      attempt: job.attemptsMade + 1,
      attempts: job.opts.attempts ?? 1,
      signal: abort.signal,
    };
    let markAbandoned = (): void => undefined;
    const abandoned = new Promise<'abandoned'>((resolve) => (markAbandoned = () => resolve('abandoned')));
    const entry: RunningJob = {
      abandon: (reason) => {
        markAbandoned(); // first, so the race below sees the abandonment before the handler's reaction
        abort.abort(reason);
      },
    };
    shared.running.add(entry);
    try {
      const outcome = await Promise.race([
        Promise.resolve()
          .then(() => slot.handler(context))
          .then(
            () => 'done' as const,
            (error: unknown) => ({ error }),
          ),
        abandoned,
      ]);
      if (outcome === 'abandoned') return await giveBack();
      if (outcome !== 'done') throw failure(job, name, outcome.error, shared.logger);
    } finally {
      shared.running.delete(entry);
    }
  };
}

function failure(job: Job, name: JobName, error: unknown, logger: Logger | undefined): Error {
  const message = error instanceof Error ? error.message : String(error);
  const permanent = isPermanentJobError(error);
  const attempt = job.attemptsMade + 1;
  const log = { jobId: job.id, job: name, attempt, err: message };
  if (permanent || attempt >= (job.opts.attempts ?? 1)) {
    logger?.error(log, permanent ? 'job failed permanently' : 'job failed; attempts exhausted');
  } else {
    logger?.warn(log, 'job attempt failed; retrying');
  }
  if (permanent) return new UnrecoverableError(message);
  return error instanceof Error ? error : new Error(message);
}
