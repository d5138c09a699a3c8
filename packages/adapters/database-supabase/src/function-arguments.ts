import type { OrderTransition, PendingJob } from '@bharatmart/core';

/** A job as the migrations' functions take it; the payload is the JSON text the outbox stores. */
export interface JobArgument {
  key: string;
  name: string;
  payload: string;
  delayMs?: number;
}

/** `jobs` for a function argument, deduplicated by key (the last wins, as in the SQL adapters). */
export function jobsArgument(jobs: readonly PendingJob[]): JobArgument[] {
  const byKey = new Map(jobs.map((job) => [job.key, job]));
  return [...byKey.values()].map((job) => ({
    key: job.key,
    name: job.name,
    payload: JSON.stringify(job.payload),
    ...(job.delayMs === undefined ? {} : { delayMs: job.delayMs }),
  }));
}

/** An OrderTransition as the `p_change` argument of `bharatmart_transition_order`. */
export function transitionArgument(
  change: OrderTransition,
): Omit<OrderTransition, 'jobs'> & { jobs: JobArgument[] } {
  return { ...change, jobs: jobsArgument(change.jobs ?? []) };
}
