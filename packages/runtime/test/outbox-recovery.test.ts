import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { testContainer } from './support.js';

const dataDir = mkdtempSync(join(tmpdir(), 'bharatmart-outbox-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('jobs of a committed order survive the in-process worker dying before they ran', async () => {
  const first = await testContainer({ PGLITE_DATA_DIR: dataDir, SEED_DEMO_DATA: 'false' });
  const product = await first.db.products.create({
    sku: 'CRASH-1',
    name: 'Crash test',
    description: '',
    price: 10_000,
    currency: 'INR',
    stock: 4,
    category: 'test',
  });
  const customer = await first.auth.register({
    email: 'crash@example.in',
    password: 'long enough pw',
    name: 'Crash',
  });
  const { order } = await first.orders.place(customer, { items: [{ productId: product.id, quantity: 1 }] });
  expect(await first.relay?.drain()).toBeGreaterThanOrEqual(3);
  expect(await first.db.outbox.pending(100)).toHaveLength(0);
  await first.close(0);

  const second = await testContainer({ PGLITE_DATA_DIR: dataDir, SEED_DEMO_DATA: 'false' });
  try {
    await second.worker?.start();
    await second.relay?.start();
    const deadline = Date.now() + 15_000;
    let current = await second.db.orders.get(order.id);
    while (current?.paymentStatus !== 'paid' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = await second.db.orders.get(order.id);
    }
    expect(current).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    let emails = await second.db.emails.list({ to: 'crash@example.in', limit: 10 });
    while (emails.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      emails = await second.db.emails.list({ to: 'crash@example.in', limit: 10 });
    }
    expect(emails.map((email) => email.template).sort()).toEqual(['order-confirmation', 'welcome']);
  } finally {
    await second.close(1000);
  }
});
