import { randomUUID } from 'node:crypto';
import { expect, it } from '@jest/globals';
import { ApiClient, eventually, startApp } from '@bharatmart/testkit';
import { API_ENTRY, testEnv } from '../support.js';

it('no secret value appears in any log line, HTTP response or the admin config', async () => {
  const canaries = {
    JWT_SECRET: `canary-jwt-${randomUUID()}-${randomUUID()}`,
    ADMIN_PASSWORD: `canary-admin-${randomUUID()}`,
  };
  const app = await startApp({ entry: API_ENTRY, env: testEnv({ ...canaries, LOG_LEVEL: 'trace' }) });
  const client = new ApiClient(app.baseUrl);
  const bodies: string[] = [];
  const record = async (response: Promise<{ status: number; body: unknown }>) => {
    const result = await response;
    bodies.push(JSON.stringify(result.body));
    return result;
  };
  try {
    const admin = await record(
      client.post('/api/v1/auth/login', { email: testEnv().ADMIN_EMAIL, password: canaries.ADMIN_PASSWORD }),
    );
    const adminToken = (admin.body as { token: string }).token;
    await record(
      client.post('/api/v1/auth/login', {
        email: testEnv().ADMIN_EMAIL,
        password: `${canaries.ADMIN_PASSWORD}x`,
      }),
    );
    await record(
      client.post('/api/v1/auth/register', {
        email: 'canary@example.in',
        password: canaries.ADMIN_PASSWORD,
        name: 'Canary',
      }),
    );
    const customer = await record(
      client.post('/api/v1/auth/login', { email: 'canary@example.in', password: canaries.ADMIN_PASSWORD }),
    );
    const token = (customer.body as { token: string }).token;
    const products = await record(client.get('/api/v1/products?limit=1'));
    const productId = (products.body as { items: { id: string }[] }).items[0]?.id;
    const order = await record(
      client.post('/api/v1/orders', { items: [{ productId, quantity: 1 }] }, { token }),
    );
    const orderId = (order.body as { id: string }).id;
    await eventually(
      async () => (await client.get(`/api/v1/orders/${orderId}/invoice`, { token })).status === 200,
    );
    await record(client.post(`/api/v1/orders/${orderId}/cancel`, undefined, { token }));
    await record(client.post('/api/v1/orders', '{"broken', { token }));
    await record(client.get('/api/v1/orders', { token: `${token}tampered` }));
    await record(client.get('/api/v1/admin/config', { token: adminToken }));
    await record(client.get('/api/v1/admin/jobs', { token: adminToken }));
    await record(client.get('/api/v1/admin/emails', { token: adminToken }));
    await record(client.get('/readyz'));
    await record(client.get('/metrics'));
  } finally {
    await app.stop();
  }
  const everything = [app.output(), ...bodies].join('\n');
  expect(bodies.length).toBeGreaterThan(10);
  expect(app.output()).toContain('"msg":"request completed"');
  for (const [name, value] of Object.entries(canaries)) {
    expect({ name, leaked: everything.includes(value) }).toEqual({ name, leaked: false });
  }
});
