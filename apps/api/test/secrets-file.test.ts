import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { ApiClient, eventually, startApp } from '@bharatmart/testkit';
import { API_ENTRY } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'bharatmart-secrets-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs the journey with JWT_SECRET, the admin credentials and the payment key present only as files, and logs none of them', async () => {
  const secrets = {
    JWT_SECRET: `file-jwt-${randomUUID()}-${randomUUID()}`,
    ADMIN_EMAIL: 'file-admin@example.in',
    ADMIN_PASSWORD: `file-admin-${randomUUID()}`,
    PAYMENT_GATEWAY_API_KEY: `file-payment-${randomUUID()}`,
  };
  for (const [name, value] of Object.entries(secrets)) writeFileSync(join(dir, name), `${value}\n`);
  const app = await startApp({
    entry: API_ENTRY,
    env: {
      NODE_ENV: 'production',
      PGLITE_DATA_DIR: 'memory://',
      SECRETS_PROVIDER: 'file',
      SECRETS_DIR: dir,
      LOG_LEVEL: 'debug',
      STORE_LEGAL_NAME: 'Test Seller Private Limited',
      STORE_GSTIN: '27AAPFU0939F1ZV',
      STORE_ADDRESS: 'Pune, Maharashtra',
    },
  });
  const client = new ApiClient(app.baseUrl);
  const bodies: string[] = [];
  try {
    const admin = await client.post('/api/v1/auth/login', {
      email: secrets.ADMIN_EMAIL,
      password: secrets.ADMIN_PASSWORD,
    });
    expect(admin.status).toBe(200);
    expect(admin.body.user.role).toBe('admin');
    const customer = await client.post('/api/v1/auth/register', {
      email: 'filer@example.in',
      password: 'long enough pw',
      name: 'Filer',
    });
    const product = (await client.get('/api/v1/products?limit=1')).body.items[0];
    const order = await client.post(
      '/api/v1/orders',
      { items: [{ productId: product.id, quantity: 1 }] },
      { token: customer.body.token },
    );
    expect(order.status).toBe(201);
    const paid = await eventually(async () => {
      const current = await client.get(`/api/v1/orders/${order.body.id}`, { token: customer.body.token });
      return current.body.paymentStatus === 'paid' ? current : undefined;
    });
    expect(paid?.body.status).toBe('confirmed');
    const config = await client.get('/api/v1/admin/config', { token: admin.body.token });
    expect(config.body.summary).toContain('secrets: file');
    bodies.push(JSON.stringify([admin.body, customer.body, order.body, config.body]));
  } finally {
    expect(await app.stop()).toBe(0);
  }
  const everything = [app.output(), ...bodies].join('\n');
  for (const name of ['JWT_SECRET', 'ADMIN_PASSWORD', 'PAYMENT_GATEWAY_API_KEY'] as const) {
    expect({ name, leaked: everything.includes(secrets[name]) }).toEqual({ name, leaked: false });
  }
});
