import { JOB_NAMES } from '../jobs/job-types.js';
import type { JobName } from '../jobs/job-types.js';
import type { JobHandlers } from '../jobs/handlers/index.js';
import type { IDatabaseAdapter } from '../ports/database.js';
import type { Logger } from '../ports/logger.js';
import type { IWorkerAdapter, JobContext, JobHandler } from '../ports/worker.js';

/**
 * Registers every job handler on the worker with logging. With a non-durable queue, a completed job
 * also completes its outbox entry, so the outbox — not process memory — is what survives a crash.
 */
export function registerJobHandlers(
  worker: IWorkerAdapter,
  handlers: JobHandlers,
  deps: { db: IDatabaseAdapter; logger: Logger; concurrency: number },
): void {
  for (const name of JOB_NAMES) {
    worker.process(name, wrap(name, handlers[name] as JobHandler, worker, deps), {
      concurrency: deps.concurrency,
    });
  }
}

function wrap(
  name: JobName,
  handler: JobHandler,
  worker: IWorkerAdapter,
  deps: { db: IDatabaseAdapter; logger: Logger },
): JobHandler {
  return async (job: JobContext) => {
    const log = deps.logger.child({ job: name, jobId: job.id, attempt: job.attempt });
    const started = performance.now();
    try {
      await handler(job);
    } catch (error) {
      log.warn({ err: error }, 'job failed');
      throw error;
    }
    if (!worker.durable) await deps.db.outbox.markCompleted(job.id);
    log.info({ ms: Math.round(performance.now() - started) }, 'job completed');
  };
}
