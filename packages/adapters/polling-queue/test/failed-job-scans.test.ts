import type { FailedJob } from '@bharatmart/core';
import { ScanQueue, newestFailedJobs } from '../src/failed-job-scans.js';

const failed = (id: string, failedAt: string): FailedJob => ({
  id,
  name: 'email.welcome',
  queue: 'email',
  payload: {},
  attempts: 1,
  error: `error of ${id} at ${failedAt}`,
  failedAt,
});

describe('newestFailedJobs', () => {
  it('keeps the newest failure per id, newest first, at most `limit`', () => {
    const jobs = [
      failed('a', '2025-01-01T00:00:01.000Z'),
      failed('b', '2025-01-01T00:00:03.000Z'),
      failed('a', '2025-01-01T00:00:05.000Z'),
      failed('c', '2025-01-01T00:00:02.000Z'),
    ];
    expect(newestFailedJobs(jobs, 10)).toEqual([jobs[2], jobs[1], jobs[3]]);
    expect(newestFailedJobs(jobs, 2)).toEqual([jobs[2], jobs[1]]);
    expect(newestFailedJobs(jobs, -1)).toEqual([]);
  });
});

describe('ScanQueue', () => {
  it('runs scans one at a time in call order, also after one failed', async () => {
    const scans = new ScanQueue();
    const events: string[] = [];
    const scan =
      (name: string, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      scans.run(scan('a')),
      scans.run(scan('b', true)),
      scans.run(scan('c')),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(results[1]?.status).toBe('rejected');
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
