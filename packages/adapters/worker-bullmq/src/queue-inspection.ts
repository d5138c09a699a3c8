import type { Job, JobType, Queue } from 'bullmq';
import { QUEUE_NAMES, queueOf } from '@bharatmart/core';
import type { FailedJob, JobCounts, JobName, QueueName } from '@bharatmart/core';

/** One BullMQ queue per job name. */
export type NamedQueue = [JobName, Queue];

/** BullMQ states counted; `wait`, `prioritized` and `waiting-children` are our `waiting`. */
const COUNTED_STATES: JobType[] = [
  'wait',
  'prioritized',
  'waiting-children',
  'delayed',
  'active',
  'completed',
  'failed',
];

/** Job counts by state, summed over the job names of each QueueName. */
export async function countJobs(queues: NamedQueue[]): Promise<Record<QueueName, JobCounts>> {
  const zero = (): JobCounts => ({ waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 });
  const counts = Object.fromEntries(QUEUE_NAMES.map((q) => [q, zero()])) as Record<QueueName, JobCounts>;
  const perName = await Promise.all(
    queues.map(async ([name, queue]) => ({ name, c: await queue.getJobCounts(...COUNTED_STATES) })),
  );
  for (const { name, c } of perName) {
    const sum = counts[queueOf(name)];
    sum.waiting += (c.wait ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
    sum.delayed += c.delayed ?? 0;
    sum.active += c.active ?? 0;
    sum.completed += c.completed ?? 0;
    sum.failed += c.failed ?? 0;
  }
  return counts;
}

/** The `limit` most recently failed jobs over all queues, newest first. */
export async function listFailed(queues: NamedQueue[], limit: number): Promise<FailedJob[]> {
  if (limit <= 0) return [];
  const perName = await Promise.all(queues.map(([, queue]) => queue.getFailed(0, limit - 1)));
  const jobs = perName.flat();
  jobs.sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0));
  return jobs.slice(0, limit).map(toFailedJob);
}

/** Moves the failed job `jobId` back to waiting with fresh attempts; false when no queue has it failed. */
export async function retryFailed(queues: NamedQueue[], jobId: string): Promise<boolean> {
  const retried = await Promise.all(
    queues.map(async ([, queue]) => {
      const job = await queue.getJob(jobId);
      if (!job || (await job.getState()) !== 'failed') return false;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    }),
  );
  return retried.includes(true);
}

function toFailedJob(job: Job): FailedJob {
  const name = job.name as JobName;
  return {
    id: job.id ?? '',
    name,
    queue: queueOf(name),
    payload: job.data as unknown,
    attempts: job.attemptsMade,
    error: job.failedReason ?? '',
    failedAt: new Date(job.finishedOn ?? 0).toISOString(),
  };
}
