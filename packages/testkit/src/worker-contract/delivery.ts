import { expect, it } from '@jest/globals';
import type { JobContext } from '@bharatmart/core';
import { newJobId, sleep } from './fixtures.js';
import type { WorkerContractFixtures } from './fixtures.js';

/** Delivery: an enqueued job reaches its handler, job ids, delays. */
export function describeDeliveryContract(fx: WorkerContractFixtures): void {
  const { open, eventually, delayMs, timeoutMs } = fx;

  it('delivers an enqueued job with its id, name, payload and first attempt', async () => {
    const w = await open();
    const seen: JobContext<'email.welcome'>[] = [];
    w.process('email.welcome', async (job) => void seen.push(job));
    await w.start();
    const id = await w.enqueue('email.welcome', { userId: 'u-1' });
    await eventually(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatchObject({ id, name: 'email.welcome', payload: { userId: 'u-1' }, attempt: 1 });
    expect(seen[0]?.signal.aborted).toBe(false);
  });

  it('accepts a job id once where it dedupes job ids (before or after the job ran); else delivers it under that id', async () => {
    const w = await open();
    const runs: string[] = [];
    w.process('email.welcome', async (job) => void runs.push(`${job.id} ${job.payload.userId}`));
    const jobId = newJobId();
    if (!w.dedupesJobIds) {
      await w.start();
      expect(await w.enqueue('email.welcome', { userId: 'u-2' }, { jobId })).toBe(jobId);
      await eventually(() => expect(runs).toContain(`${jobId} u-2`));
      return;
    }
    const base = (await w.counts()).email.waiting;
    expect(await w.enqueue('email.welcome', { userId: 'first' }, { jobId })).toBe(jobId);
    expect(await w.enqueue('email.welcome', { userId: 'second' }, { jobId })).toBe(jobId);
    expect((await w.counts()).email.waiting).toBe(base + 1);
    await w.start();
    await eventually(() => expect(runs).toHaveLength(1));
    expect(await w.enqueue('email.welcome', { userId: 'third' }, { jobId })).toBe(jobId);
    await sleep(300);
    expect(runs).toEqual([`${jobId} first`]);
  });

  it(`does not run a delayed job before its delay (${delayMs} ms)`, async () => {
    const w = await open();
    let ranAt: number | undefined;
    w.process('email.shipping', async () => void (ranAt = Date.now()));
    await w.start();
    const before = Date.now();
    await w.enqueue('email.shipping', { orderId: 'o-1' }, { delayMs });
    await eventually(() => expect(ranAt).toBeDefined(), delayMs + timeoutMs);
    expect((ranAt ?? 0) - before).toBeGreaterThanOrEqual(delayMs);
  });
}
