import { afterAll, expect, it } from '@jest/globals';
import { createContainer, createLogger, loadConfig } from '@bharatmart/runtime';
import { createPostgresTestDatabase, describeWithService, serviceUrl, waitUntil } from '@bharatmart/testkit';
import type { PostgresTestDatabase, RunningApp } from '@bharatmart/testkit';
import {
  createProduct,
  registerCustomer,
  startTestApi,
  startTestWorker,
  testEnv,
  waitForOrder,
} from './support.js';
import type { TestApi } from './support.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** PostgreSQL + BullMQ on a database and queue prefix of this test's own, with an API running. */
async function bullmqDeployment(label: string, extra: Record<string, string> = {}) {
  const database = await createPostgresTestDatabase(label);
  cleanups.push(database.drop);
  const env = {
    DATABASE_TYPE: 'postgresql',
    DATABASE_URL: database.url,
    WORKER_MODE: 'bull-queue',
    QUEUE_REDIS_URL: serviceUrl('redis'),
    QUEUE_PREFIX: database.name,
    QUEUE_JOB_LOCK_MS: '2000',
    ...extra,
  };
  const api = await startTestApi(env);
  cleanups.push(() => api.app.stop());
  const worker = async (more: Record<string, string> = {}): Promise<RunningApp> => {
    const started = await startTestWorker({ ...env, ...more });
    cleanups.push(() => started.stop('SIGKILL'));
    return started;
  };
  return { database, env, api, worker };
}

const linesAbout = (app: RunningApp, message: string, orderId: string): number =>
  app
    .output()
    .split('\n')
    .filter((line) => line.includes(message) && line.includes(orderId)).length;

async function stockOf(database: PostgresTestDatabase, productId: string): Promise<number> {
  const [row] = await database.query('select stock from products where id = $1', [productId]);
  return Number(row?.stock);
}

async function chargesOf(database: PostgresTestDatabase, orderId: string): Promise<number> {
  const rows = await database.query("select id from payments where order_id = $1 and kind = 'charge'", [
    orderId,
  ]);
  return rows.length;
}

async function placeOrder(api: TestApi, quantity: number) {
  const customer = await registerCustomer(api.client);
  const product = await createProduct(api, { stock: 10 });
  const placed = await api.client.post(
    '/api/v1/orders',
    { items: [{ productId: product.id, quantity }] },
    { token: customer.token },
  );
  expect(placed.status).toBe(201);
  return { customer, product, order: placed.body as { id: string } };
}

await describeWithService(
  ['postgres', 'redis'],
  'worker processes failing mid-job (PostgreSQL + BullMQ)',
  () => {
    it('a worker SIGKILLed in the middle of a payment: another worker finishes it, with one capture', async () => {
      const { database, api, worker } = await bullmqDeployment('sigkill_payment');
      const slow = await worker({ PAYMENT_SIMULATED_LATENCY_MS: '10000' });
      const { customer, order } = await placeOrder(api, 2);

      await waitUntil(
        'the slow worker starting the charge',
        20_000,
        async () => linesAbout(slow, 'charging the order', order.id) === 1,
      );
      expect(await slow.stop('SIGKILL')).toBeNull();
      expect(await chargesOf(database, order.id)).toBe(0);

      const rescuer = await worker();
      await waitForOrder(api, customer.token, order.id, (o) => o.paymentStatus === 'paid', 45_000);
      expect(await chargesOf(database, order.id)).toBe(1);
      expect(linesAbout(rescuer, 'charging the order', order.id)).toBe(1);
      await waitUntil(
        'the invoice',
        20_000,
        async () =>
          (await api.client.get(`/api/v1/orders/${order.id}/invoice`, { token: customer.token })).status ===
          200,
      );
      await waitUntil(
        'the confirmation email',
        20_000,
        async () =>
          (
            await database.query('select id from emails where dedupe_key = $1', [
              `order-confirmation:${order.id}`,
            ])
          ).length === 1,
      );
    });

    it('two worker processes with the expiry schedule expire an unpaid order once and return its stock once', async () => {
      const { database, env, api, worker } = await bullmqDeployment('expiry_schedule', {
        SCHEDULE_INTERVAL_SECONDS: '1',
        ORDER_PAYMENT_TIMEOUT_MINUTES: '1',
      });
      const customer = await registerCustomer(api.client);
      const product = await createProduct(api, { stock: 10 });
      // An order whose payment never started: recorded through the real adapter with no jobs, then
      // dated two hours back, past the one-minute timeout.
      const direct = await createContainer(loadConfig(testEnv({ ...env, WORKER_MODE: 'none' })), {
        env: testEnv({ ...env, WORKER_MODE: 'none' }),
        logger: createLogger({ level: 'silent', name: 'test' }),
        role: 'api',
      });
      const { order } = await direct.db.orders.create({
        userId: customer.user.id,
        items: [{ productId: product.id, quantity: 3 }],
        jobs: () => [],
      });
      await direct.close(1000);
      await database.query('update orders set created_at = $1 where id = $2', [
        new Date(Date.now() - 2 * 3_600_000).toISOString(),
        order.id,
      ]);
      expect(await stockOf(database, product.id)).toBe(7);

      const workers = [await worker(), await worker()];
      await waitForOrder(api, customer.token, order.id, (o) => o.status === 'cancelled', 30_000);
      const slotsBefore = (await database.query("select id from outbox where name = 'order.expire-unpaid'"))
        .length;
      await waitUntil(
        'three more expiry slots',
        20_000,
        async () =>
          (await database.query("select id from outbox where name = 'order.expire-unpaid'")).length >=
          slotsBefore + 3,
      );

      expect(await stockOf(database, product.id)).toBe(10);
      expect(
        workers.map((w) => linesAbout(w, 'unpaid order expired', order.id)).reduce((a, b) => a + b),
      ).toBe(1);
      const [cancelled] = await database.query('select status, payment_status from orders where id = $1', [
        order.id,
      ]);
      expect(cancelled).toEqual({ status: 'cancelled', payment_status: 'pending' });
    });
  },
);
