import type { FailedJob } from '@bharatmart/core';

/**
 * Runs scans of kept failed jobs one at a time, in call order, each after the previous one settled
 * (whether it succeeded or not), so that two scans never hide each other's messages.
 */
export class ScanQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `scan` once every earlier scan settled; settles as `scan` does. */
  run<T>(scan: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(scan, scan);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

/** The newest `limit` of `failed` by failure time, newest first, one per job id (its newest failure). */
export function newestFailedJobs(failed: Iterable<FailedJob>, limit: number): FailedJob[] {
  const newest = new Map<string, FailedJob>();
  for (const job of failed) {
    const known = newest.get(job.id);
    if (!known || known.failedAt < job.failedAt) newest.set(job.id, job);
  }
  return [...newest.values()]
    .sort((a, b) => b.failedAt.localeCompare(a.failedAt))
    .slice(0, Math.max(0, limit));
}
