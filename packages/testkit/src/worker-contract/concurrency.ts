import { expect, it } from '@jest/globals';
import { sleep } from './fixtures.js';
import type { WorkerContractFixtures } from './fixtures.js';

/** Concurrency: the limit per job name, used in full and independent between names. */
export function describeConcurrencyContract(fx: WorkerContractFixtures): void {
  const { open, eventually, completed } = fx;

  it('runs at most `concurrency` handlers of one job name at once, and uses that many', async () => {
    const w = await open();
    let inFlight = 0;
    let maxInFlight = 0;
    let done = 0;
    w.process(
      'email.order-confirmation',
      async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Hold until a second handler joins (or give up), so a limit of 1 or none would show.
        await eventually(() => expect(inFlight).toBeGreaterThanOrEqual(2), 1000).catch(() => undefined);
        await sleep(20);
        inFlight -= 1;
        done += 1;
      },
      { concurrency: 2 },
    );
    await w.start();
    for (let i = 0; i < 6; i += 1) await w.enqueue('email.order-confirmation', { orderId: `o-${i}` });
    await eventually(() => expect(done).toBe(6));
    expect(maxInFlight).toBe(2);
  });

  it('limits concurrency per job name: a busy name does not hold up another', async () => {
    const w = await open();
    let inventoryRunning = false;
    let invoiceRan = false;
    let inventorySawInvoice = false;
    let done = 0;
    w.process('order.inventory', async () => {
      inventoryRunning = true;
      await eventually(() => expect(invoiceRan).toBe(true), 3000).catch(() => undefined);
      inventorySawInvoice = invoiceRan;
      done += 1;
    });
    w.process('order.invoice', async () => {
      invoiceRan = true;
      done += 1;
    });
    await w.start();
    await w.enqueue('order.inventory', { orderId: 'o-7' });
    await eventually(() => expect(inventoryRunning).toBe(true));
    await w.enqueue('order.invoice', { orderId: 'o-7' });
    await completed(w, 'order', 2, () => done);
    expect(inventorySawInvoice).toBe(true);
  });
}
