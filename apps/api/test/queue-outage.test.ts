import { afterAll, expect, it } from '@jest/globals';
import {
  createPostgresTestDatabase,
  describeWithService,
  eventually,
  freePort,
  privateRedisServer,
} from '@bharatmart/testkit';
import type { ChildServer, PostgresTestDatabase, RunningApp } from '@bharatmart/testkit';
import type { TestApi } from './support.js';
import { registerCustomer, startTestApi, startTestWorker } from './support.js';

let redis: ChildServer | undefined;
let api: TestApi | undefined;
let worker: RunningApp | undefined;
let database: PostgresTestDatabase | undefined;

afterAll(async () => {
  await api?.app.stop();
  await worker?.stop();
  await redis?.kill();
  await database?.drop();
});

await describeWithService('postgres', 'no job is lost while the queue backend is down', () => {
  it('20 orders placed while the queue Redis is down are all 201, then all charged and confirmed once it is back', async () => {
    database = await createPostgresTestDatabase('queue_outage');
    const port = await freePort();
    const server = privateRedisServer(port);
    redis = server;
    await server.start();
    const env = {
      DATABASE_TYPE: 'postgresql',
      DATABASE_URL: database.url,
      WORKER_MODE: 'bull-queue',
      QUEUE_REDIS_URL: `redis://127.0.0.1:${port}`,
      // All 20 stay pending until the queue is back.
      ORDER_MAX_PENDING_PER_CUSTOMER: '20',
    };
    api = await startTestApi(env);
    worker = await startTestWorker(env);
    const { token, user } = await registerCustomer(api.client, 'Outage');
    const product = (await api.client.get('/api/v1/products?search=atta')).body.items[0];

    await server.kill();
    const placed = [];
    for (let i = 0; i < 20; i++) {
      placed.push(
        await api.client.post(
          '/api/v1/orders',
          { items: [{ productId: product.id, quantity: 1 }] },
          { token },
        ),
      );
    }
    expect(placed.map((response) => response.status)).toEqual(Array(20).fill(201));
    const ready = await api.client.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.adapters.find((adapter: { name: string }) => adapter.name === 'worker')).toMatchObject({
      type: 'bull-queue',
      status: 'degraded',
    });

    await server.start();
    const allPaid = await eventually(async () => {
      const orders = await api?.client.get('/api/v1/orders?limit=50', { token });
      return (
        orders?.body.items.filter((order: { paymentStatus: string }) => order.paymentStatus === 'paid')
          .length === 20
      );
    }, 60_000);
    expect(allPaid).toBe(true);
    const confirmations = await eventually(async () => {
      const emails = await api?.client.get(`/api/v1/admin/emails?to=${encodeURIComponent(user.email)}`, {
        token: api.adminToken,
      });
      const count = emails?.body.items.filter(
        (email: { template: string }) => email.template === 'order-confirmation',
      ).length;
      return count === 20 ? count : undefined;
    }, 30_000);
    expect(confirmations).toBe(20);
  }, 120_000);
});
