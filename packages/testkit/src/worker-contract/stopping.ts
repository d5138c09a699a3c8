import { expect, it } from '@jest/globals';
import { sleep } from './fixtures.js';
import type { WorkerContractFixtures } from './fixtures.js';

/** stop(): it waits for running handlers, then aborts the signals of those still running. */
export function describeStopContract(fx: WorkerContractFixtures): void {
  const { open, eventually, gate } = fx;

  it('stop() waits for a running handler to finish', async () => {
    const w = await open();
    let started = false;
    let finished = false;
    w.process('email.low-stock', async () => {
      started = true;
      await sleep(300);
      finished = true;
    });
    await w.start();
    await w.enqueue('email.low-stock', { productId: 'p-1' });
    await eventually(() => expect(started).toBe(true));
    await w.stop({ timeoutMs: 5000 });
    expect(finished).toBe(true);
  });

  it('stop() aborts the signal of a handler still running after its timeout', async () => {
    const w = await open();
    let signal: AbortSignal | undefined;
    const release = gate();
    w.process('email.low-stock', async (job) => {
      signal = job.signal;
      await Promise.race([release.promise, new Promise((r) => job.signal.addEventListener('abort', r))]);
    });
    await w.start();
    await w.enqueue('email.low-stock', { productId: 'p-2' });
    await eventually(() => expect(signal).toBeDefined());
    await w.stop({ timeoutMs: 100 });
    expect(signal?.aborted).toBe(true);
  });

  it('a handler that first reads its signal after stop() gave up finds it aborted', async () => {
    const w = await open();
    let started = false;
    let aborted: boolean | undefined;
    const release = gate();
    w.process('email.low-stock', async (job) => {
      started = true;
      await release.promise;
      aborted = job.signal.aborted;
    });
    await w.start();
    await w.enqueue('email.low-stock', { productId: 'p-3' });
    await eventually(() => expect(started).toBe(true));
    await w.stop({ timeoutMs: 100 });
    release.open();
    await eventually(() => expect(aborted).toBe(true));
  });
}
