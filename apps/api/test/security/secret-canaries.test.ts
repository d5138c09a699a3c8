import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createBharatMartClient } from '@bharatmart/client';
import { ApiClient, createPostgresTestDatabase, describeWithService, eventually } from '@bharatmart/testkit';
import type { PostgresTestDatabase } from '@bharatmart/testkit';
import type { ApiResponse, RequestOptions } from '@bharatmart/testkit';
import type { TestApi } from '../support.js';
import { createProduct, startTestApi, testEnv, waitForOrder } from '../support.js';
import { describeOnEachConfiguration } from './configurations.js';
import type { SecurityDeployment } from './deployment.js';
import { startDeployment } from './deployment.js';

/** A client that keeps the status, headers and body of every response, to search them at the end. */
class RecordingClient extends ApiClient {
  readonly responses: string[] = [];

  override async request<T>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    const response = await super.request<T>(method, path, options);
    this.responses.push(
      `${response.status} ${JSON.stringify([...response.headers])} ${JSON.stringify(response.body)}`,
    );
    return response;
  }

  /** A fetch for the typed client that records each response the same way. */
  readonly fetch = async (request: Request): Promise<Response> => {
    const response = await fetch(request);
    this.responses.push(
      `${response.status} ${JSON.stringify([...response.headers])} ${await response.clone().text()}`,
    );
    return response;
  };
}

await describeOnEachConfiguration('secret canaries', (configuration, backing) => {
  /** A unique value for every secret the processes are given (the configuration adds its own). */
  const given = {
    JWT_SECRET: `canary-jwt-${randomUUID()}-${randomUUID()}`,
    ADMIN_PASSWORD: `canary-admin-${randomUUID()}`,
    PAYMENT_GATEWAY_API_KEY: `canary-payment-${randomUUID()}`,
  };
  let deployment: SecurityDeployment;
  let client: RecordingClient;
  /** The deployment as the support helpers see it, with every response recorded, typed or not. */
  let api: TestApi;

  beforeAll(async () => {
    deployment = await startDeployment(configuration, backing(), { env: { ...given, LOG_LEVEL: 'trace' } });
    client = new RecordingClient(deployment.app.baseUrl);
    api = {
      ...deployment,
      client,
      as: (token) =>
        createBharatMartClient({
          baseUrl: client.baseUrl,
          fetch: client.fetch,
          ...(token === undefined ? {} : { token }),
        }),
    };
  });

  afterAll(async () => {
    await deployment.stop();
  });

  /** Register, log in (also wrongly), order, pay, invoice, cancel, refund, a declined payment, and errors. */
  async function journey(): Promise<void> {
    const admin = await client.post('/api/v1/auth/login', {
      email: testEnv().ADMIN_EMAIL,
      password: given.ADMIN_PASSWORD,
    });
    expect(admin.status).toBe(200);
    const adminToken: string = admin.body.token;
    for (const password of [`${given.ADMIN_PASSWORD}x`, given.JWT_SECRET]) {
      const wrong = await client.post('/api/v1/auth/login', { email: testEnv().ADMIN_EMAIL, password });
      expect(wrong.status).toBe(401);
    }
    const unknown = await client.post('/api/v1/auth/login', {
      email: 'nobody@example.in',
      password: 'whatever1',
    });
    expect(unknown.status).toBe(401);
    const invalid = { email: 'not-an-email', password: given.PAYMENT_GATEWAY_API_KEY, name: '' };
    expect((await client.post('/api/v1/auth/register', invalid)).status).toBe(400);
    const registered = await client.post('/api/v1/auth/register', {
      email: `canary-${randomUUID()}@example.in`,
      password: given.ADMIN_PASSWORD,
      name: 'Canary',
    });
    expect(registered.status).toBe(201);
    const token: string = registered.body.token;

    const productId: string = (await client.get('/api/v1/products?limit=1')).body.items[0].id;
    const order = await client.post('/api/v1/orders', { items: [{ productId, quantity: 1 }] }, { token });
    expect(order.status).toBe(201);
    await waitForOrder(api, token, order.body.id, (current) => current.paymentStatus === 'paid');
    const invoiced = await eventually(
      async () => (await client.get(`/api/v1/orders/${order.body.id}/invoice`, { token })).status === 200,
    );
    expect(invoiced).toBe(true);
    const cancelled = await client.post(`/api/v1/orders/${order.body.id}/cancel`, undefined, { token });
    expect(cancelled.status).toBe(200);
    await waitForOrder(api, token, order.body.id, (current) => current.paymentStatus === 'refunded');

    const luxury = await createProduct(api, { price: 60_000_000, stock: 5 });
    const declined = await client.post(
      '/api/v1/orders',
      { items: [{ productId: luxury.id, quantity: 1 }] },
      { token },
    );
    expect(declined.status).toBe(201);
    await waitForOrder(api, token, declined.body.id, (current) => current.paymentStatus === 'failed');

    const keyed = { headers: { 'idempotency-key': `canary-${randomUUID()}` }, token };
    const first = await client.post('/api/v1/orders', { items: [{ productId, quantity: 1 }] }, keyed);
    expect(first.status).toBe(201);
    const failures: [number, () => Promise<ApiResponse>][] = [
      [422, () => client.post('/api/v1/orders', { items: [{ productId, quantity: 2 }] }, keyed)],
      [400, () => client.post('/api/v1/orders', '{"broken', { token })],
      [400, () => client.post('/api/v1/orders', { items: [{ productId, quantity: 0 }] }, { token })],
      [404, () => client.get(`/api/v1/orders/${randomUUID()}`, { token })],
      [404, () => client.get(`/api/v1/products/${randomUUID()}`)],
      [404, () => client.get('/api/v1/no-such-route')],
      [401, () => client.get('/api/v1/orders', { token: `${token}tampered` })],
      [403, () => client.get('/api/v1/admin/config', { token })],
    ];
    for (const [status, send] of failures) expect((await send()).status).toBe(status);

    const config = await client.get('/api/v1/admin/config', { token: adminToken });
    expect(config.status).toBe(200);
    if (backing().env.QUEUE_REDIS_URL) expect(JSON.stringify(config.body)).toContain(':***@');
    for (const path of ['/api/v1/admin/jobs', '/api/v1/admin/emails']) {
      expect((await client.get(path, { token: adminToken })).status).toBe(200);
    }
    if (backing().env.WORKER_MODE === 'bull-queue') {
      const basic = (password: string) => ({
        headers: {
          authorization: `Basic ${Buffer.from(`${testEnv().ADMIN_EMAIL}:${password}`).toString('base64')}`,
        },
      });
      expect((await client.get('/admin/queues', basic(given.ADMIN_PASSWORD))).status).toBe(200);
      expect((await client.get('/admin/queues/api/queues', basic(given.ADMIN_PASSWORD))).status).toBe(200);
      expect((await client.get('/admin/queues', basic(`${given.ADMIN_PASSWORD}x`))).status).toBe(401);
    }
    for (const path of ['/readyz', '/metrics', '/docs/json']) await client.get(path);
  }

  it('after the whole journey with its failures, no secret is in any log line of any process or any response', async () => {
    await journey();
    const codes = await deployment.stop();
    expect(codes.every((code) => code === 0)).toBe(true);
    const output = deployment.output();
    expect(output).toContain('"msg":"request completed"');
    expect(client.responses.length).toBeGreaterThanOrEqual(30);
    const everything = [output, ...client.responses].join('\n');
    for (const [name, value] of Object.entries({ ...given, ...backing().secrets })) {
      expect({ name, leaked: everything.includes(value) }).toEqual({ name, leaked: false });
    }
  }, 120_000);
});

/**
 * The URL forms a password travels in, on every backend whose variables carry one: a PostgreSQL URL with
 * `?password=` and with an unencoded `@` in its password (the local server trusts and ignores both), and
 * memcached SASL credentials in front of a server. Neither /api/v1/admin/config nor any log line may
 * show them.
 */
await describeWithService('postgres', 'secret canaries in credential-bearing URLs', () => {
  const canary = `canary-url-${randomUUID()}`;
  let database: PostgresTestDatabase;

  beforeAll(async () => {
    database = await createPostgresTestDatabase('canary-forms');
  });

  afterAll(async () => {
    await database.drop();
  });

  const forms: [string, (url: URL) => Record<string, string>][] = [
    [
      '?password= in DATABASE_URL, SASL credentials in MEMCACHED_SERVERS',
      (url) => ({
        DATABASE_URL: `postgres://${url.username}@${url.host}${url.pathname}?password=${canary}`,
        CACHE_TYPE: 'memcached',
        MEMCACHED_SERVERS: `bharatmart:${canary}@127.0.0.1:11211`,
      }),
    ],
    [
      'an unencoded @ in the password of DATABASE_URL',
      (url) => ({ DATABASE_URL: `postgres://${url.username}:p@${canary}@${url.host}${url.pathname}` }),
    ],
  ];

  it.each(forms)(
    '%s: masked in /api/v1/admin/config and absent from every log line',
    async (_label, env) => {
      const api = await startTestApi({ DATABASE_TYPE: 'postgresql', ...env(new URL(database.url)) });
      try {
        const config = await api.client.get('/api/v1/admin/config', { token: api.adminToken });
        expect(config.status).toBe(200);
        const served = JSON.stringify(config.body);
        expect(served).toContain(':***@');
        expect(served).not.toContain(canary);
      } finally {
        expect(await api.app.stop()).toBe(0);
      }
      expect(api.app.output()).toContain('Deployment configuration');
      expect(api.app.output()).not.toContain(canary);
    },
    120_000,
  );
});
