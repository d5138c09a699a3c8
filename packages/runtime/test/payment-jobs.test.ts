import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  chargeKey,
  createJobHandlers,
  createLogEmailTransport,
  createSimulatedPaymentGateway,
} from '@bharatmart/core';
import type { JobContext, JobHandlers, JobName, JobPayloads, PaymentGateway, User } from '@bharatmart/core';
import type { Container } from '../src/index.js';
import { testContainer, testLogger } from './support.js';

let container: Container;
let gateway: PaymentGateway;
let handlers: JobHandlers;
let customer: User;

/** Runs a handler directly, as a queue delivering the job would. */
async function run<N extends JobName>(name: N, payload: JobPayloads[N], attempt = 1): Promise<void> {
  const job: JobContext<N> = {
    id: `${name}@test`,
    name,
    payload,
    attempt,
    signal: new AbortController().signal,
  };
  await (handlers[name] as (job: JobContext<N>) => Promise<void>)(job);
}

async function placeOrder(quantity = 1, stock = 10) {
  const product = await container.db.products.create({
    sku: `PAY-${Math.random().toString(36).slice(2, 10)}`,
    name: 'Payment test product',
    description: '',
    price: 25_000,
    currency: 'INR',
    stock,
    category: 'test',
  });
  const { order } = await container.orders.place(customer, { items: [{ productId: product.id, quantity }] });
  return { order, product };
}

beforeAll(async () => {
  container = await testContainer({ WORKER_MODE: 'none', SEED_DEMO_DATA: 'false' });
  gateway = createSimulatedPaymentGateway({ declineAbove: 1_000_000 });
  handlers = createJobHandlers({
    db: container.db,
    catalog: container.catalog,
    gateway,
    email: createLogEmailTransport(testLogger),
    settings: { ...container.config.store, adminEmail: 'admin@runtime.test' },
    logger: testLogger,
  });
  customer = await container.auth.register({
    email: `buyer-${Date.now()}@example.in`,
    password: 'long enough pw',
    name: 'Buyer',
  });
});

afterAll(async () => {
  await container.close(1000);
});

describe('payment jobs are exactly-once in effect', () => {
  it('a charge delivered twice captures once and confirms the order with its invoice job', async () => {
    const { order } = await placeOrder(2);
    await run('payment.charge', { orderId: order.id });
    await run('payment.charge', { orderId: order.id }, 2);
    const payments = await container.db.payments.listForOrder(order.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      kind: 'charge',
      status: 'succeeded',
      amount: 50_000,
      idempotencyKey: chargeKey(order.id),
    });
    expect(await container.db.orders.get(order.id)).toMatchObject({
      status: 'confirmed',
      paymentStatus: 'paid',
    });
    const outbox = await container.db.outbox.pending(1000);
    expect(
      outbox.filter((entry) => entry.name === 'order.invoice' && entry.key.endsWith(order.id)),
    ).toHaveLength(1);
  });

  it('a crash between the gateway call and the record is reconciled once, by retry or by verify', async () => {
    const { order } = await placeOrder();
    const first = await gateway.charge({
      orderId: order.id,
      amount: order.total,
      currency: 'INR',
      idempotencyKey: chargeKey(order.id),
    });
    await run('payment.verify', { orderId: order.id });
    await run('payment.charge', { orderId: order.id }, 2);
    const payments = await container.db.payments.listForOrder(order.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]?.gatewayReference).toBe(first.reference);
    expect((await container.db.orders.get(order.id))?.paymentStatus).toBe('paid');
  });

  it('money captured for an order cancelled meanwhile is marked paid and refunded once', async () => {
    const { order, product } = await placeOrder(3);
    await gateway.charge({
      orderId: order.id,
      amount: order.total,
      currency: 'INR',
      idempotencyKey: chargeKey(order.id),
    });
    const cancelled = await container.orders.cancel(customer, order.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', paymentStatus: 'pending' });
    expect((await container.db.products.get(product.id))?.stock).toBe(10);

    await run('payment.verify', { orderId: order.id });
    expect(await container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'paid',
    });
    await run('payment.refund', { orderId: order.id });
    await run('payment.refund', { orderId: order.id }, 2);
    const payments = await container.db.payments.listForOrder(order.id);
    expect(payments.map((payment) => payment.kind).sort()).toEqual(['charge', 'refund']);
    expect(await container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'refunded',
    });
    expect((await container.db.products.get(product.id))?.stock).toBe(10);
  });

  it('a declined charge cancels the order, marks it failed and returns the stock once', async () => {
    const product = await container.db.products.create({
      sku: `DECL-${Date.now()}`,
      name: 'Expensive',
      description: '',
      price: 900_000,
      currency: 'INR',
      stock: 5,
      category: 'test',
    });
    const { order } = await container.orders.place(customer, {
      items: [{ productId: product.id, quantity: 2 }],
    });
    await run('payment.charge', { orderId: order.id });
    await run('payment.charge', { orderId: order.id }, 2);
    expect(await container.db.orders.get(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'failed',
    });
    expect((await container.db.products.get(product.id))?.stock).toBe(5);
  });

  it('the confirmation email is sent and recorded once however often the job runs', async () => {
    const { order } = await placeOrder();
    await run('email.order-confirmation', { orderId: order.id });
    await run('email.order-confirmation', { orderId: order.id }, 2);
    const emails = await container.db.emails.list({ to: customer.email, limit: 100 });
    expect(emails.filter((email) => email.dedupeKey === `order-confirmation:${order.id}`)).toHaveLength(1);
  });

  it('an invoice waits for the payment, then is issued once', async () => {
    const { order } = await placeOrder();
    await expect(run('order.invoice', { orderId: order.id })).rejects.toThrow('not paid yet');
    await run('payment.charge', { orderId: order.id });
    await run('order.invoice', { orderId: order.id });
    await run('order.invoice', { orderId: order.id }, 2);
    const invoice = await container.db.invoices.getByOrder(order.id);
    expect(invoice).toMatchObject({ orderId: order.id, total: order.total });
    expect(invoice?.number).toMatch(/^INV-\d{8}-[0-9A-F]{8}$/);
  });
});
