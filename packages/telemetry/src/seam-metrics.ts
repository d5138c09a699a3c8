import { Counter, Histogram, Registry } from 'prom-client';

/** Outcome of one cache call: a read that found its key, one that did not, or a failed call. */
export type CacheOutcome = 'hit' | 'miss' | 'error' | 'ok';

/** Outcome of one try of a job: done, failed with tries left, or failed for good. */
export type JobOutcome = 'completed' | 'retried' | 'failed';

const SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The metrics measured where the adapters are instrumented, in a registry of their own that a
 * process's `/metrics` merges into its own (`Registry.merge([own, seams.registry])`):
 * `db_operation_duration_seconds{backend,method}`, `cache_operations_total{cache,operation,outcome}`
 * and `job_duration_seconds{job_name,outcome}`. One instance per composed process.
 */
export class SeamMetrics {
  readonly registry = new Registry();
  readonly dbDuration = new Histogram({
    name: 'db_operation_duration_seconds',
    help: 'Duration of database repository calls by backend (the one that served the call: DATABASE_TYPE, its fallback, or a live switch target) and method (repository.method)',
    labelNames: ['backend', 'method'],
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });
  readonly cacheOperations = new Counter({
    name: 'cache_operations_total',
    help: 'Cache calls by cache (CACHE_TYPE), operation and outcome: reads hit or miss, writes ok, any failed call error',
    labelNames: ['cache', 'operation', 'outcome'],
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'job_duration_seconds',
    help: 'Duration of job tries by job and outcome: completed, retried (failed, tries left) or failed (for good)',
    labelNames: ['job_name', 'outcome'],
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });
}
