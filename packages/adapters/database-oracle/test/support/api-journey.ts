import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiClient, eventually, startApp, type RunningApp } from '@bharatmart/testkit';

/** The built API (`pnpm build` builds it before the tests run). */
const API_ENTRY = fileURLToPath(new URL('../../../../../apps/api/dist/main.js', import.meta.url));
const ADMIN = { email: 'admin@oracle-live.bharatmart.local', password: 'admin-password-for-oracle-live' };

/**
 * The customer journey over HTTP against the built API started on `databaseEnv` (the API's own
 * variables choosing and reaching the database), with in-process jobs: register, browse the seeded
 * catalog, order, payment captured, invoice, shipping, emails; and 60 concurrent orders for 18
 * units that must not oversell.
 */
export function describeApiJourney(label: string, databaseEnv: () => Promise<Record<string, string>>): void {
  describe(`the API journey on ${label}`, () => {
    let app: RunningApp;
    let client: ApiClient;
    let adminToken: string;

    beforeAll(async () => {
      if (!existsSync(API_ENTRY)) throw new Error(`build the API first: ${API_ENTRY} is missing`);
      app = await startApp({
        entry: API_ENTRY,
        env: {
          NODE_ENV: 'test',
          JWT_SECRET: 'oracle-live-jwt-secret-at-least-32-bytes-long',
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          AUTH_RATE_LIMIT_MAX: '10000',
          ...(await databaseEnv()),
        },
        timeoutMs: 120_000,
      });
      client = new ApiClient(app.baseUrl);
      const login = await client.post('/api/v1/auth/login', ADMIN);
      expect(login.status).toBe(200);
      adminToken = login.body.token;
    }, 150_000);

    afterAll(async () => {
      expect(await app?.stop()).toBe(0);
    });

    const register = async (name: string) => {
      const response = await client.post('/api/v1/auth/register', {
        email: `${name.toLowerCase()}-${randomUUID()}@example.in`,
        password: 'correct horse battery',
        name,
      });
      expect(response.status).toBe(201);
      return response.body as { token: string; user: { id: string; email: string } };
    };

    const orderOf = (token: string, id: string) =>
      eventually(async () => (await client.get(`/api/v1/orders/${id}`, { token })).body);

    it('register → browse → order → paid → invoice → ship → emails', async () => {
      const { token, user } = await register('Ravi');
      const catalog = await client.get('/api/v1/products?category=grocery&limit=50');
      expect(catalog.status).toBe(200);
      expect(catalog.body.total).toBeGreaterThan(0);
      const product = catalog.body.items.find((item: { stock: number }) => item.stock >= 2);

      const placed = await client.post(
        '/api/v1/orders',
        { items: [{ productId: product.id, quantity: 2 }] },
        { token },
      );
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({ status: 'pending', total: product.price * 2, userId: user.id });
      const orderId = placed.body.id;
      expect((await client.get(`/api/v1/products/${product.id}`)).body.stock).toBe(product.stock - 2);

      const paid = await eventually(async () => {
        const order = await orderOf(token, orderId);
        return order.paymentStatus === 'paid' ? order : undefined;
      });
      expect(paid).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });

      const invoice = await eventually(async () => {
        const response = await client.get(`/api/v1/orders/${orderId}/invoice`, { token });
        return response.status === 200 ? response.body : undefined;
      });
      expect(invoice).toMatchObject({ orderId, userId: user.id, total: product.price * 2 });

      const shipped = await client.post(`/api/v1/orders/${orderId}/ship`, undefined, { token: adminToken });
      expect(shipped.status).toBe(200);
      const templates = await eventually(async () => {
        const response = await client.get(`/api/v1/admin/emails?to=${encodeURIComponent(user.email)}`, {
          token: adminToken,
        });
        const sent = (response.body.items as { template: string }[]).map((email) => email.template).sort();
        return sent.length >= 3 ? sent : undefined;
      });
      expect(templates).toEqual(['order-confirmation', 'shipping', 'welcome']);
    });

    it('60 concurrent single-unit orders on stock 18: exactly 18 succeed, the rest get 409, stock ends at 0', async () => {
      const created = await client.post(
        '/api/v1/products',
        {
          sku: `ORA-${randomUUID().slice(0, 8)}`,
          name: 'Oversell probe',
          price: 10_000,
          stock: 18,
          category: 'test',
        },
        { token: adminToken },
      );
      expect(created.status).toBe(201);
      const product = created.body;
      const buyers = await Promise.all(Array.from({ length: 6 }, (_, i) => register(`Buyer${i}`)));
      const responses = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          client.post(
            '/api/v1/orders',
            { items: [{ productId: product.id, quantity: 1 }] },
            { token: buyers[i % 6]?.token ?? '' },
          ),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(18);
      expect(statuses.filter((status) => status === 409)).toHaveLength(42);
      expect((await client.get(`/api/v1/products/${product.id}`)).body.stock).toBe(0);
    });
  });
}
