import { expect, it } from '@jest/globals';
import { QUEUE_NAMES } from '@bharatmart/core';
import type { IWorkerAdapter, JobCounts, QueueName } from '@bharatmart/core';
import type { WorkerContractFixtures } from './fixtures.js';

/** counts(): jobs by queue and state, exactly or, where the adapter declares approximate counts, at least. */
export function describeCountsContract(fx: WorkerContractFixtures): void {
  const { open, eventually, gate } = fx;

  it('counts jobs by queue and state, exactly or as approximately as the adapter declares', async () => {
    const w = await open();
    if (w.countAccuracy === 'approximate') return countsAtLeast(w);
    const hold = gate();
    const base = await w.counts();
    expect(Object.keys(base).sort()).toEqual([...QUEUE_NAMES].sort());
    const plus = (queue: QueueName, delta: Partial<JobCounts>): JobCounts => {
      const counts = { ...base[queue] };
      for (const [state, n] of Object.entries(delta)) counts[state as keyof JobCounts] += n;
      return counts;
    };
    w.process('payment.verify', () => hold.promise);
    w.process('order.inventory', async () => undefined);
    w.process('order.invoice', async () => {
      throw new Error('invoice service down');
    });
    await w.start();
    await w.enqueue('payment.refund', { orderId: 'o-8' }); // no handler: stays waiting
    await w.enqueue('payment.charge', { orderId: 'o-8' }, { delayMs: 60_000 });
    await w.enqueue('payment.verify', { orderId: 'o-8' });
    await w.enqueue('order.inventory', { orderId: 'o-8' });
    await w.enqueue('order.invoice', { orderId: 'o-8' }, { attempts: 1 });
    await eventually(async () =>
      expect(await w.counts()).toEqual({
        ...base,
        payment: plus('payment', { waiting: 1, delayed: 1, active: 1 }),
        order: plus('order', { completed: 1, failed: 1 }),
      }),
    );
  });

  /** Approximate counts: held, delayed and failed jobs show up at least, completed ones never. */
  async function countsAtLeast(w: IWorkerAdapter): Promise<void> {
    const hold = gate();
    const base = await w.counts();
    w.process('payment.verify', () => hold.promise);
    w.process('order.invoice', async () => {
      throw new Error('invoice service down');
    });
    await w.start();
    await w.enqueue('payment.charge', { orderId: 'o-9' }, { delayMs: 60_000 });
    await w.enqueue('payment.verify', { orderId: 'o-9' });
    await w.enqueue('order.invoice', { orderId: 'o-9' }, { attempts: 1 });
    await eventually(async () => {
      const counts = await w.counts();
      const { payment, order } = counts;
      expect(payment.active + payment.delayed).toBeGreaterThanOrEqual(
        base.payment.active + base.payment.delayed + 2,
      );
      expect(payment.active).toBeGreaterThanOrEqual(base.payment.active + 1);
      expect(order.failed).toBeGreaterThanOrEqual(base.order.failed + 1);
      for (const queue of QUEUE_NAMES) expect(counts[queue].completed).toBe(0);
    });
  }
}
