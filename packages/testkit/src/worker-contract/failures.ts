import { expect, it } from '@jest/globals';
import { PermanentJobError } from '@bharatmart/core';
import { fastRetry, newJobId, sleep } from './fixtures.js';
import type { WorkerContractFixtures } from './fixtures.js';

/** Failures: retries with backoff, failed jobs kept with their error, retry(), PermanentJobError. */
export function describeFailureContract(fx: WorkerContractFixtures): void {
  const { openInspectable: open, eventually, failedIds, completed } = fx;

  it('retries a failing job with backoff and stops retrying once it succeeds; each try knows the attempts', async () => {
    const w = await open();
    const attempts: number[] = [];
    const allowed: number[] = [];
    let done = 0;
    w.process('order.invoice', async (job) => {
      attempts.push(job.attempt);
      allowed.push(job.attempts);
      if (job.attempt < 3) throw new Error(`flaky ${job.attempt}`);
      done += 1;
    });
    await w.start();
    const id = await w.enqueue('order.invoice', { orderId: 'o-2' }, { attempts: 4, backoff: fastRetry });
    await completed(w, 'order', 1, () => done);
    expect(attempts).toEqual([1, 2, 3]);
    expect(allowed).toEqual([4, 4, 4]);
    expect(await failedIds(w)).not.toContain(id);
  });

  it('keeps a job that used up its attempts in failedJobs, newest first, with its error', async () => {
    const w = await open();
    let calls = 0;
    w.process('payment.verify', async (job) => {
      calls += 1;
      throw new Error(`gateway said no to ${job.payload.orderId}`);
    });
    await w.start();
    const first = await w.enqueue('payment.verify', { orderId: 'o-3' }, { attempts: 2, backoff: fastRetry });
    await eventually(async () => expect(await failedIds(w)).toContain(first));
    const second = await w.enqueue('payment.verify', { orderId: 'o-4' }, { attempts: 1 });
    await eventually(async () => expect(await failedIds(w)).toEqual([second, first]));
    const failed = (await w.failedJobs()).find((job) => job.id === first);
    expect(failed).toMatchObject({ name: 'payment.verify', queue: 'payment', payload: { orderId: 'o-3' } });
    expect(failed?.attempts).toBe(2);
    expect(failed?.error).toContain('gateway said no to o-3');
    expect(Number.isNaN(Date.parse(failed?.failedAt ?? ''))).toBe(false);
    expect(calls).toBe(3);
    expect((await w.failedJobs(1)).map((job) => job.id)).toEqual([second]);
  });

  it('retry() runs a failed job again with fresh attempts; unknown ids give false', async () => {
    const w = await open();
    let failing = true;
    let done = 0;
    const attempts: number[] = [];
    w.process('payment.refund', async (job) => {
      attempts.push(job.attempt);
      if (failing) throw new Error('refund rejected');
      done += 1;
    });
    await w.start();
    const id = await w.enqueue('payment.refund', { orderId: 'o-5' }, { attempts: 1 });
    await eventually(async () => expect(await failedIds(w)).toContain(id));
    failing = false;
    expect(await w.retry(id)).toBe(true);
    await completed(w, 'payment', 1, () => done);
    expect(attempts).toEqual([1, 1]);
    expect(await failedIds(w)).not.toContain(id);
    expect(await w.retry(newJobId())).toBe(false);
  });

  it('fails a job at once on PermanentJobError, whatever attempts remain', async () => {
    const w = await open();
    let calls = 0;
    w.process('payment.charge', async () => {
      calls += 1;
      throw new PermanentJobError('card declined');
    });
    await w.start();
    const id = await w.enqueue('payment.charge', { orderId: 'o-6' }, { attempts: 5, backoff: fastRetry });
    await eventually(async () => expect(await failedIds(w)).toContain(id));
    await sleep(200);
    expect(calls).toBe(1);
    const failed = (await w.failedJobs()).find((job) => job.id === id);
    expect(failed?.attempts).toBe(1);
    expect(failed?.error).toContain('card declined');
  });
}
