import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createProduct, registerCustomer } from '../support.js';
import { describeOnEachConfiguration } from './configurations.js';
import type { SecurityDeployment } from './deployment.js';
import { startDeployment } from './deployment.js';

await describeOnEachConfiguration('mass assignment', (configuration, backing) => {
  let api: SecurityDeployment;
  let customer: { token: string; user: { id: string; email: string } };

  beforeAll(async () => {
    api = await startDeployment(configuration, backing(), { jobs: 'held' });
    customer = await registerCustomer(api.client, 'Mallory');
  });

  afterAll(async () => {
    await api.stop();
  });

  const FORBIDDEN_FIELDS = {
    price: 1,
    status: 'shipped',
    paymentStatus: 'paid',
    role: 'admin',
    userId: 'someone',
    stock: 999_999,
    id: 'chosen',
  };

  describe('mass assignment: fields a route does not accept are rejected and change nothing', () => {
    it('registration cannot set role, id or anything else', async () => {
      for (const [field, value] of Object.entries(FORBIDDEN_FIELDS)) {
        const email = `mass-${field}-${Date.now()}@example.in`;
        const response = await api.client.post('/api/v1/auth/register', {
          email,
          password: 'long enough pw',
          name: 'M',
          [field]: value,
        });
        expect({ field, status: response.status }).toEqual({ field, status: 400 });
        expect(response.body.error.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
        expect(
          (await api.client.post('/api/v1/auth/login', { email, password: 'long enough pw' })).status,
        ).toBe(401);
      }
    });

    it('an order cannot carry prices, statuses, owner or stock, at the top or per item', async () => {
      const product = await createProduct(api, { stock: 7, price: 50_000 });
      for (const [field, value] of Object.entries(FORBIDDEN_FIELDS)) {
        const top = await api.client.post(
          '/api/v1/orders',
          { items: [{ productId: product.id, quantity: 1 }], [field]: value },
          { token: customer.token },
        );
        const item = await api.client.post(
          '/api/v1/orders',
          { items: [{ productId: product.id, quantity: 1, [field]: value }] },
          { token: customer.token },
        );
        expect([field, top.status, item.status]).toEqual([field, 400, 400]);
      }
      expect((await api.client.get(`/api/v1/products/${product.id}`)).body).toMatchObject({
        stock: 7,
        price: 50_000,
      });
      expect((await api.client.get('/api/v1/orders', { token: customer.token })).body.total).toBe(0);
    });

    it('a product patch cannot set id or timestamps', async () => {
      const product = await createProduct(api);
      for (const body of [
        { id: 'other' },
        { createdAt: '2000-01-01T00:00:00Z' },
        { updatedAt: '2000-01-01T00:00:00Z' },
        { price: 5, sku: 'X', extra: 1 },
      ]) {
        expect(
          (await api.client.patch(`/api/v1/products/${product.id}`, body, { token: api.adminToken })).status,
        ).toBe(400);
      }
      expect((await api.client.get(`/api/v1/products/${product.id}`)).body).toMatchObject({
        id: product.id,
        price: product.price,
        sku: product.sku,
      });
    });

    it('responses never expose password hashes', async () => {
      const login = await api.client.post('/api/v1/auth/login', {
        email: customer.user.email,
        password: 'correct horse battery',
      });
      expect(JSON.stringify(login.body)).not.toMatch(/password|scrypt/i);
    });
  });
});
