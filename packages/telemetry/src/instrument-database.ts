import type { Attributes } from '@opentelemetry/api';
import type { IDatabaseAdapter, PendingJob, TraceCarrier } from '@bharatmart/core';
import type { SeamMetrics } from './seam-metrics.js';
import { SpanKind, inSpan, insideTrace } from './spans.js';
import { currentCarrier } from './trace-carrier.js';
import { decorate } from './decorate.js';

/** How a database is measured: `backend` names the backend serving the call being made. */
export interface DatabaseSeamOptions {
  backend: () => string;
  metrics: SeamMetrics;
  tracing: boolean;
}

const REPOSITORIES = [
  'products',
  'users',
  'orders',
  'payments',
  'invoices',
  'addresses',
  'emails',
  'outbox',
] as const satisfies readonly (keyof IDatabaseAdapter)[];

type Rewrite = (args: unknown[], trace: TraceCarrier) => unknown[];
type JobsOf = (id: string) => PendingJob[];

const traced = (jobs: PendingJob[], trace: TraceCarrier): PendingJob[] =>
  jobs.map((job) => ({ ...job, payload: { ...job.payload, trace } }) as unknown as PendingJob);

/** An OrderTransition (or nothing) whose jobs carry `trace`. */
const withJobsTraced = (transition: unknown, trace: TraceCarrier): unknown => {
  const jobs = (transition as { jobs?: PendingJob[] } | undefined)?.jobs;
  return jobs ? { ...(transition as object), jobs: traced(jobs, trace) } : transition;
};

/** The methods that write jobs to the outbox: their jobs get the caller's trace context. */
const WRITES_JOBS: Record<string, Rewrite> = {
  'users.create': ([user, jobs], trace) => [
    user,
    jobs && ((id: string) => traced((jobs as JobsOf)(id), trace)),
  ],
  'orders.create': ([order], trace) => {
    const jobs = (order as { jobs: JobsOf }).jobs;
    return [{ ...(order as object), jobs: (id: string) => traced(jobs(id), trace) }];
  },
  'orders.transition': ([id, change], trace) => [id, withJobsTraced(change, trace)],
  'payments.record': ([payment, transition], trace) => [payment, withJobsTraced(transition, trace)],
  'outbox.add': ([jobs], trace) => [traced(jobs as PendingJob[], trace)],
};

/**
 * `db` with every repository call measured in `db_operation_duration_seconds{backend,method}`, where
 * `backend` names the backend serving that call (read at each call: a failover pair or a live
 * switch changes it while the process runs), and,
 * when tracing is on and a trace is active, wrapped in a client span `db <repository>.<method>`
 * (the driver's own statement spans, where instrumented, are its children). Jobs written to the
 * outbox carry the caller's trace context in their payload's `trace`. Everything else of `db`
 * (migrations, lifecycle, capabilities) reads through unchanged.
 */
export function instrumentDatabase(db: IDatabaseAdapter, options: DatabaseSeamOptions): IDatabaseAdapter {
  const wrapped = new WeakMap<object, object>();
  const repository = (name: string, target: object): object => {
    let view = wrapped.get(target);
    if (!view) {
      view = instrumentRepository(name, target, options);
      wrapped.set(target, view);
    }
    return view;
  };
  const overrides: Partial<Record<keyof IDatabaseAdapter, unknown>> = {};
  for (const name of REPOSITORIES) {
    Object.defineProperty(overrides, name, {
      enumerable: true,
      get: () => repository(name, db[name]),
    });
  }
  return decorate(db, overrides);
}

function instrumentRepository(repository: string, target: object, options: DatabaseSeamOptions): object {
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      let method = methods.get(property);
      if (!method) {
        method = timed(
          `${repository}.${property}`,
          (value as (...args: unknown[]) => Promise<unknown>).bind(object),
          options,
        );
        methods.set(property, method);
      }
      return method;
    },
  });
}

function timed(
  method: string,
  call: (...args: unknown[]) => Promise<unknown>,
  { backend, metrics, tracing }: DatabaseSeamOptions,
): (...args: unknown[]) => Promise<unknown> {
  const rewrite = WRITES_JOBS[method];
  const byBackend = new Map<
    string,
    { duration: { observe(seconds: number): void }; attributes: Attributes }
  >();
  const labelled = (name: string) => {
    let labels = byBackend.get(name);
    if (!labels) {
      labels = {
        duration: metrics.dbDuration.labels({ backend: name, method }),
        attributes: { 'db.system.name': name, 'db.operation.name': method },
      };
      byBackend.set(name, labels);
    }
    return labels;
  };
  return async (...args) => {
    const started = performance.now();
    const { duration, attributes } = labelled(backend());
    try {
      if (!tracing || !insideTrace()) return await call(...args);
      const trace = rewrite ? currentCarrier() : undefined;
      const passed = rewrite && trace ? rewrite(args, trace) : args;
      return await inSpan(`db ${method}`, { kind: SpanKind.CLIENT, attributes }, () => call(...passed));
    } finally {
      duration.observe((performance.now() - started) / 1000);
    }
  };
}
