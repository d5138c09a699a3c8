import { describe, expect, it } from '@jest/globals';
import { sql, type RawBuilder } from 'kysely';
import { chargeKey } from '@bharatmart/core';
import { hasSqlAccess } from '@bharatmart/database-sql';
import { useJobHarness } from './job-harness.js';

const h = useJobHarness();

/**
 * Makes the database refuse every new or changed row of `table` for which `allowed` is false — a real
 * write failure, as after a connection cut mid-job — until the returned function lifts it.
 */
async function refuseWrites(table: 'orders' | 'payments', allowed: RawBuilder<unknown>) {
  if (!hasSqlAccess(h.container.db)) throw new Error('the harness database offers no SQL access');
  const access = h.container.db.sqlAccess.db;
  const name = sql.id(`${table}_refused_by_test`);
  await sql`alter table ${sql.table(table)} add constraint ${name} check (${allowed}) not valid`.execute(
    access,
  );
  return async () => {
    await sql`alter table ${sql.table(table)} drop constraint ${name}`.execute(access);
  };
}

/** The `payment.refund` jobs written for `orderId` and not yet dispatched. */
async function refundJobsOf(orderId: string) {
  const pending = await h.container.db.outbox.pending(100_000);
  return pending.filter((entry) => entry.name === 'payment.refund' && entry.key.endsWith(orderId));
}

describe('payment jobs are exactly-once in effect', () => {
  it('a charge delivered twice captures once and confirms the order with its invoice job', async () => {
    const { order } = await h.placeOrder(2);
    await h.run('payment.charge', { orderId: order.id });
    await h.run('payment.charge', { orderId: order.id }, 2);
    const payments = await h.container.db.payments.listForOrder(order.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      kind: 'charge',
      status: 'succeeded',
      amount: 50_000,
      idempotencyKey: chargeKey(order.id),
    });
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'confirmed',
      paymentStatus: 'paid',
    });
    const outbox = await h.container.db.outbox.pending(1000);
    expect(
      outbox.filter((entry) => entry.name === 'order.invoice' && entry.key.endsWith(order.id)),
    ).toHaveLength(1);
  });

  it('a crash between the gateway call and the record is reconciled once, by retry or by verify', async () => {
    const { order } = await h.placeOrder();
    const first = await h.gateway.charge({
      orderId: order.id,
      amount: order.total,
      currency: 'INR',
      idempotencyKey: chargeKey(order.id),
    });
    await h.run('payment.verify', { orderId: order.id });
    await h.run('payment.charge', { orderId: order.id }, 2);
    const payments = await h.container.db.payments.listForOrder(order.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]?.gatewayReference).toBe(first.reference);
    expect((await h.container.db.orders.get(order.id))?.paymentStatus).toBe('paid');
  });

  it('money captured for an order cancelled meanwhile is marked paid and refunded once', async () => {
    const { order, product } = await h.placeOrder(3);
    await h.gateway.charge({
      orderId: order.id,
      amount: order.total,
      currency: 'INR',
      idempotencyKey: chargeKey(order.id),
    });
    const cancelled = await h.container.orders.cancel(h.customer, order.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', paymentStatus: 'pending' });
    expect((await h.container.db.products.get(product.id))?.stock).toBe(10);

    await h.run('payment.verify', { orderId: order.id });
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'paid',
    });
    await h.run('payment.refund', { orderId: order.id });
    await h.run('payment.refund', { orderId: order.id }, 2);
    const payments = await h.container.db.payments.listForOrder(order.id);
    expect(payments.map((payment) => payment.kind).sort()).toEqual(['charge', 'refund']);
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'refunded',
    });
    expect((await h.container.db.products.get(product.id))?.stock).toBe(10);
  });

  it('a capture whose recording failed, on an order cancelled meanwhile, is refunded once by the retried charge', async () => {
    const { order, product } = await h.placeOrder(2);
    const restore = await refuseWrites('payments', sql`order_id <> ${sql.lit(order.id)}`);
    await expect(h.run('payment.charge', { orderId: order.id })).rejects.toThrow('refused_by_test');
    await restore();
    expect(await h.gateway.lookup({ orderId: order.id, idempotencyKey: chargeKey(order.id) })).toMatchObject({
      status: 'succeeded',
    });
    expect(await h.container.db.payments.listForOrder(order.id)).toEqual([]);
    await h.container.orders.cancel(h.customer, order.id);

    await h.run('payment.charge', { orderId: order.id }, 2);
    await h.run('payment.charge', { orderId: order.id }, 3);
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'paid',
    });
    expect(await refundJobsOf(order.id)).toHaveLength(1);
    await h.run('payment.refund', { orderId: order.id });
    await h.run('payment.refund', { orderId: order.id }, 2);
    const payments = await h.container.db.payments.listForOrder(order.id);
    expect(payments.map((payment) => `${payment.kind} ${payment.status}`).sort()).toEqual([
      'charge succeeded',
      'refund succeeded',
    ]);
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'refunded',
    });
    expect((await h.container.db.products.get(product.id))?.stock).toBe(10);
  });

  it('a capture recorded for a cancelled order, whose refund step failed, is sent to refund by the retry', async () => {
    const { order } = await h.placeOrder();
    await h.gateway.charge({
      orderId: order.id,
      amount: order.total,
      currency: 'INR',
      idempotencyKey: chargeKey(order.id),
    });
    await h.container.orders.cancel(h.customer, order.id);
    const restore = await refuseWrites('orders', sql`id <> ${sql.lit(order.id)} or payment_status <> 'paid'`);
    await expect(h.run('payment.charge', { orderId: order.id })).rejects.toThrow('refused_by_test');
    await restore();
    expect(await h.container.db.payments.listForOrder(order.id)).toHaveLength(1);
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'pending',
    });

    await h.run('payment.charge', { orderId: order.id }, 2);
    await h.run('payment.verify', { orderId: order.id });
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'paid',
    });
    expect(await refundJobsOf(order.id)).toHaveLength(1);
  });

  it('a declined charge cancels the order, marks it failed and returns the stock once', async () => {
    const product = await h.container.db.products.create({
      sku: `DECL-${Date.now()}`,
      name: 'Expensive',
      description: '',
      price: 900_000,
      currency: 'INR',
      stock: 5,
      category: 'test',
    });
    const { order } = await h.container.orders.place(h.customer, {
      items: [{ productId: product.id, quantity: 2 }],
    });
    await h.run('payment.charge', { orderId: order.id });
    await h.run('payment.charge', { orderId: order.id }, 2);
    expect(await h.container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'failed',
    });
    expect((await h.container.db.products.get(product.id))?.stock).toBe(5);
  });

  it('the confirmation email waits for the invoice, then is sent and recorded once however often the job runs', async () => {
    const { order } = await h.placeOrder();
    await h.run('payment.charge', { orderId: order.id });
    await expect(h.run('email.order-confirmation', { orderId: order.id })).rejects.toThrow(
      'has no invoice yet',
    );
    await h.run('order.invoice', { orderId: order.id });
    await h.run('email.order-confirmation', { orderId: order.id }, 2);
    await h.run('email.order-confirmation', { orderId: order.id }, 3);
    const emails = await h.container.db.emails.list({ to: h.customer.email, limit: 100 });
    const confirmations = emails.filter((email) => email.dedupeKey === `order-confirmation:${order.id}`);
    expect(confirmations).toHaveLength(1);
    const invoice = await h.container.db.invoices.getByOrder(order.id);
    expect(confirmations[0]?.body).toContain(`Your tax invoice ${invoice?.number} is attached`);
  });

  it('an order cancelled after payment gets its invoice but no confirmation', async () => {
    const { order } = await h.placeOrder();
    await h.run('payment.charge', { orderId: order.id });
    await h.container.orders.cancel(h.customer, order.id);
    await h.run('order.invoice', { orderId: order.id });
    await h.run('email.order-confirmation', { orderId: order.id });
    expect(await h.container.db.invoices.getByOrder(order.id)).toBeDefined();
    expect(await h.container.db.emails.findByDedupeKey(`order-confirmation:${order.id}`)).toBeUndefined();
  });

  it('placing an order writes no confirmation; issuing the invoice writes it once, redelivered or not', async () => {
    const { order } = await h.placeOrder();
    const confirmationJobs = async () =>
      (await h.container.db.outbox.pending(1_000)).filter(
        (entry) => entry.key === `email.order-confirmation@${order.id}`,
      );
    expect(await confirmationJobs()).toHaveLength(0);
    await h.run('payment.charge', { orderId: order.id });
    await h.run('order.invoice', { orderId: order.id });
    await h.run('order.invoice', { orderId: order.id }, 2);
    expect(await confirmationJobs()).toHaveLength(1);
  });

  it('an invoice waits for the payment, then is issued once', async () => {
    const { order } = await h.placeOrder();
    await expect(h.run('order.invoice', { orderId: order.id })).rejects.toThrow('not paid yet');
    await h.run('payment.charge', { orderId: order.id });
    await h.run('order.invoice', { orderId: order.id });
    await h.run('order.invoice', { orderId: order.id }, 2);
    const invoice = await h.container.db.invoices.getByOrder(order.id);
    expect(invoice).toMatchObject({ orderId: order.id, total: order.total });
    expect(invoice?.number).toMatch(/^INV\/\d{2}-\d{2}\/\d{6}$/);
  });
});
