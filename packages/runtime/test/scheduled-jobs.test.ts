import { describe, expect, it } from '@jest/globals';
import { chargeKey, JobScheduler, pendingJob } from '@bharatmart/core';
import { hasSqlAccess } from '@bharatmart/database-sql';
import { eventually } from '@bharatmart/testkit';
import { useJobHarness } from './job-harness.js';
import { testLogger } from './support.js';

// A timeout and verify delay of zero: every order still unpaid is overdue.
const h = useJobHarness({ orderPaymentTimeoutMinutes: 0, paymentVerifyDelaySeconds: 0 });

const slot = { scheduledAt: new Date().toISOString() };

const stockOf = async (productId: string) => (await h.container.db.products.get(productId))?.stock;

describe('order.expire-unpaid', () => {
  it('cancels an overdue unpaid order and returns its stock once, however many runs overlap', async () => {
    const { order, product } = await h.placeOrder(4);
    expect(await stockOf(product.id)).toBe(6);
    await Promise.all([1, 2, 3].map(() => h.run('order.expire-unpaid', slot)));
    await h.run('order.expire-unpaid', slot);
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'pending',
    });
    expect(await stockOf(product.id)).toBe(10);
  });

  it('leaves paid orders alone', async () => {
    const { order, product } = await h.placeOrder(2);
    await h.run('payment.charge', { orderId: order.id });
    await h.run('order.expire-unpaid', slot);
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'confirmed',
      paymentStatus: 'paid',
    });
    expect(await stockOf(product.id)).toBe(8);
  });

  it('confirms instead an order whose capture the gateway has but we never recorded', async () => {
    const { order, product } = await h.placeOrder(1);
    await h.gateway.charge({
      orderId: order.id,
      amount: order.total,
      currency: 'INR',
      idempotencyKey: chargeKey(order.id),
    });
    await h.run('order.expire-unpaid', slot);
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'confirmed',
      paymentStatus: 'paid',
    });
    expect(await h.container.db.payments.listForOrder(order.id)).toHaveLength(1);
    expect(await stockOf(product.id)).toBe(9);
  });

  it('a charge landing after expiry is refunded, not kept', async () => {
    const { order } = await h.placeOrder(1);
    await h.run('order.expire-unpaid', slot);
    await h.gateway.charge({
      orderId: order.id,
      amount: order.total,
      currency: 'INR',
      idempotencyKey: chargeKey(order.id),
    });
    await h.run('payment.verify', { orderId: order.id });
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'paid',
    });
    const refunds = (await h.container.db.outbox.pending(10_000)).filter(
      (entry) => entry.name === 'payment.refund' && entry.key.endsWith(order.id),
    );
    expect(refunds).toHaveLength(1);
  });
});

describe('payment.verify-sweep', () => {
  it('writes one verification job per overdue order, however many sweeps see it', async () => {
    const { order } = await h.placeOrder(1);
    await h.run('payment.verify-sweep', slot);
    await h.run('payment.verify-sweep', slot);
    const jobs = (await h.container.db.outbox.pending(10_000)).filter(
      (entry) => entry.key === `payment.verify@${order.id}`,
    );
    expect(jobs).toEqual([
      expect.objectContaining({ name: 'payment.verify', payload: { orderId: order.id } }),
    ]);
  });
});

describe('JobScheduler', () => {
  it('two schedulers on one database write each slot of each scheduled job once, and stop when told', async () => {
    const intervalMs = 200;
    const keysOf = async () =>
      (await h.container.db.outbox.pending(100_000))
        .filter((entry) => entry.name === 'order.expire-unpaid' || entry.name === 'payment.verify-sweep')
        .map((entry) => entry.key);
    const before = new Set(await keysOf());
    const schedulers = [1, 2].map(() => new JobScheduler(h.container.db, testLogger, { intervalMs }));
    const slotsOf = (keys: string[]) => new Set(keys.map((key) => Number(key.slice(key.indexOf('@') + 1))));
    const newKeys = async () => (await keysOf()).filter((key) => !before.has(key));
    schedulers.forEach((scheduler) => scheduler.start());
    // Four slots written, however slowly this machine runs them.
    await eventually(async () => slotsOf(await newKeys()).size >= 4, 30_000, intervalMs / 4);
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    const written = await newKeys();
    const slots = slotsOf(written);

    expect(slots.size).toBeGreaterThanOrEqual(4);
    expect(written).toHaveLength(2 * slots.size);
    for (const start of slots) expect(start % intervalMs).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 3 * intervalMs));
    expect(await keysOf()).toHaveLength(before.size + written.length);
  });
});

describe('order.prune-records', () => {
  const sqlDb = () => {
    const { db } = h.container;
    if (!hasSqlAccess(db)) throw new Error('the job harness runs on a SQL database');
    return db.sqlAccess.db;
  };
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const job = (name: string) => pendingJob('email.shipping', { orderId: name }, `${name}-${Date.now()}`);
  const pendingKeys = async () => (await h.container.db.outbox.pending(100_000)).map((entry) => entry.key);

  it('deletes completed outbox entries and idempotency keys past their retention, and keeps the rest', async () => {
    const { outbox, orders } = h.container.db;
    const [oldDone, oldWaiting, recentDone] = [job('old-done'), job('old-waiting'), job('recent-done')];
    await outbox.add([oldDone, oldWaiting, recentDone]);
    for (const done of [oldDone, recentDone]) await outbox.markCompleted(done.key);
    // Older than OUTBOX_RETENTION_DAYS (7).
    await sqlDb()
      .updateTable('outbox')
      .set({ created_at: daysAgo(8) })
      .where('job_key', 'in', [oldDone.key, oldWaiting.key])
      .execute();

    const { product } = await h.placeOrder(1);
    const place = (idempotencyKey: string) =>
      orders.create({
        userId: h.customer.id,
        items: [{ productId: product.id, quantity: 1 }],
        idempotencyKey,
        requestHash: 'hash',
        jobs: () => [],
      });
    const [oldKey, recentKey] = [`old-${Date.now()}`, `recent-${Date.now()}`];
    await place(oldKey);
    const recent = await place(recentKey);
    // Older than IDEMPOTENCY_KEY_RETENTION_HOURS (24).
    await sqlDb()
      .updateTable('order_idempotency_keys')
      .set({ created_at: daysAgo(2) })
      .where('idempotency_key', '=', oldKey)
      .execute();

    await h.run('order.prune-records', slot);

    // A pruned entry is forgotten: writing its job again makes it pending; a kept one is skipped.
    await outbox.add([oldDone, recentDone]);
    const keys = await pendingKeys();
    expect(keys).toContain(oldDone.key);
    expect(keys).not.toContain(recentDone.key);
    expect(keys).toContain(oldWaiting.key);
    expect((await place(oldKey)).created).toBe(true);
    expect(await place(recentKey)).toEqual({ order: recent.order, created: false });
  });
});
