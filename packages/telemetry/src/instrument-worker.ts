import { trace } from '@opentelemetry/api';
import { isPermanentJobError } from '@bharatmart/core';
import type {
  EnqueueOptions,
  IWorkerAdapter,
  JobContext,
  JobHandler,
  JobName,
  JobPayloads,
  ProcessOptions,
} from '@bharatmart/core';
import type { JobOutcome, SeamMetrics } from './seam-metrics.js';
import { SpanKind, inSpan } from './spans.js';
import { contextOf } from './trace-carrier.js';
import { decorate } from './decorate.js';

/**
 * `worker` with each try of a job measured in `job_duration_seconds{job_name,outcome}` and, when tracing
 * is on, run in a consumer span `job <name>` whose parent is the trace context the payload carries
 * (so the job continues the trace of the request that wrote it, in whichever process runs it). An
 * enqueue of a payload that carries a context (the outbox relay's) is a producer span
 * `relay <name>` in that trace. Other members, capabilities included, read through.
 */
export function instrumentWorker(
  worker: IWorkerAdapter,
  options: { metrics: SeamMetrics; tracing: boolean },
): IWorkerAdapter {
  const { metrics, tracing } = options;
  const enqueue = <N extends JobName>(name: N, payload: JobPayloads[N], enqueueOptions?: EnqueueOptions) => {
    const parent = contextOf(payload);
    if (!tracing || !trace.getSpanContext(parent)) return worker.enqueue(name, payload, enqueueOptions);
    return inSpan(
      `relay ${name}`,
      {
        kind: SpanKind.PRODUCER,
        parent,
        attributes: {
          'messaging.operation.name': 'send',
          'job.name': name,
          'job.id': enqueueOptions?.jobId ?? '',
        },
      },
      () => worker.enqueue(name, payload, enqueueOptions),
    );
  };
  const process = <N extends JobName>(name: N, handler: JobHandler<N>, processOptions?: ProcessOptions) =>
    worker.process(name, measuredHandler(name, handler, metrics, tracing), processOptions);
  return decorate(worker, { enqueue, process });
}

function measuredHandler<N extends JobName>(
  name: N,
  handler: JobHandler<N>,
  metrics: SeamMetrics,
  tracing: boolean,
): JobHandler<N> {
  const durations = {
    completed: metrics.jobDuration.labels({ job_name: name, outcome: 'completed' }),
    retried: metrics.jobDuration.labels({ job_name: name, outcome: 'retried' }),
    failed: metrics.jobDuration.labels({ job_name: name, outcome: 'failed' }),
  };
  return async (job: JobContext<N>) => {
    const started = performance.now();
    let outcome: JobOutcome = 'completed';
    try {
      if (!tracing) return await handler(job);
      await inSpan(
        `job ${name}`,
        {
          kind: SpanKind.CONSUMER,
          parent: contextOf(job.payload),
          attributes: {
            'messaging.operation.name': 'process',
            'job.name': name,
            'job.id': job.id,
            'job.attempt': job.attempt,
          },
        },
        () => handler(job),
      );
    } catch (error) {
      outcome = isPermanentJobError(error) || job.attempt >= job.attempts ? 'failed' : 'retried';
      throw error;
    } finally {
      durations[outcome].observe((performance.now() - started) / 1000);
    }
  };
}
