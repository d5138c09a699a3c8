import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, createProduct, expectData, registerCustomer, waitForOrder } from '../support.js';
import { AUTHORIZATION_MATRIX } from './authorization-matrix.js';
import type { Caller } from './authorization-matrix.js';
import { describeOnEachConfiguration } from './configurations.js';
import type { SecurityDeployment } from './deployment.js';
import { startDeployment } from './deployment.js';

const ADDRESS = {
  name: 'Matrix',
  line1: '1 Test Road',
  city: 'Pune',
  stateCode: '27',
  pincode: '411001',
  phone: '9876543210',
};

await describeOnEachConfiguration('authorization', (configuration, backing) => {
  let api: SecurityDeployment;
  let tokens: Record<Caller, string | undefined>;
  let productId: string;

  beforeAll(async () => {
    api = await startDeployment(configuration, backing());
    const [owner, other] = await Promise.all([
      registerCustomer(api.client, 'Owner'),
      registerCustomer(api.client, 'Other'),
    ]);
    tokens = { none: undefined, owner: owner.token, other: other.token, admin: api.adminToken };
    productId = (await createProduct(api, { stock: 1000 })).id;
  });

  afterAll(async () => {
    await api.stop();
  });

  /** A fresh order of the owner, paid and confirmed (so it can be shipped and has an invoice). */
  async function ownersPaidOrder(): Promise<string> {
    const placed = expectData(
      'place order',
      await api.as(tokens.owner).POST('/api/v1/orders', { body: { items: [{ productId, quantity: 1 }] } }),
    );
    await waitForOrder(api, tokens.owner ?? '', placed.id, (order) => order.paymentStatus === 'paid');
    return placed.id;
  }

  /** What each operation is called with: path parameters and a valid body. */
  async function requestFor(operation: string): Promise<{ path: string; body?: unknown }> {
    const [, template = ''] = operation.split(' ');
    if (template.includes('/orders/{id}')) {
      const id = await ownersPaidOrder();
      if (template.endsWith('/invoice') || template.endsWith('/invoice.pdf')) {
        const deadline = Date.now() + 10_000;
        while (
          (await api.client.get(`/api/v1/orders/${id}/invoice`, { token: tokens.owner })).status !== 200 &&
          Date.now() < deadline
        ) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      const callback = template.endsWith('/payment')
        ? {
            body: {
              razorpay_order_id: 'order_Matrix00000001',
              razorpay_payment_id: 'pay_Matrix00000001',
              razorpay_signature: '0'.repeat(64),
            },
          }
        : {};
      return { path: template.replace('{id}', id), ...callback };
    }
    if (template.includes('/me/addresses/{id}')) {
      const saved = await api.client.post('/api/v1/me/addresses', ADDRESS, { token: tokens.owner });
      return { path: template.replace('{id}', saved.body.id) };
    }
    switch (operation) {
      case 'POST /api/v1/me/addresses':
        return { path: template, body: ADDRESS };
      case 'POST /api/v1/auth/register':
        return {
          path: template,
          body: { email: `matrix-${randomUUID()}@example.in`, password: 'long enough pw', name: 'Matrix' },
        };
      case 'POST /api/v1/auth/login':
        return { path: template, body: ADMIN };
      case 'POST /api/v1/products':
        return {
          path: template,
          body: {
            sku: `MX-${randomUUID().slice(0, 8)}`,
            name: 'Matrix',
            price: 100,
            stock: 1,
            category: 'test',
          },
        };
      case 'PATCH /api/v1/products/{id}':
        return {
          path: template.replace('{id}', productId),
          body: { description: `touched ${randomUUID()}` },
        };
      case 'POST /api/v1/orders':
        return { path: template, body: { items: [{ productId, quantity: 1 }] } };
      default:
        return { path: template.replace('{id}', productId).replace('/jobs/{id}', '/jobs/no-such-job') };
    }
  }

  describe('authorization matrix', () => {
    it('covers exactly the operations of the OpenAPI document', async () => {
      const document = await api.client.get('/docs/json');
      const served = Object.entries(document.body.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(served.sort()).toEqual(Object.keys(AUTHORIZATION_MATRIX).sort());
    });

    it.each(Object.entries(AUTHORIZATION_MATRIX))('%s', async (operation, expected) => {
      const [method = 'GET'] = operation.split(' ');
      const actual: Record<string, number> = {};
      for (const caller of ['none', 'other', 'owner', 'admin'] as Caller[]) {
        const { path, body } = await requestFor(operation);
        const response = await api.client.request(method, path, { token: tokens[caller], body });
        actual[caller] = response.status;
        if (response.status >= 400)
          expect(response.body.error).toEqual(
            expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
          );
      }
      expect(actual).toEqual(expected);
    });
  });
});
