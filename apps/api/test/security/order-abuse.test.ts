import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createProduct, registerCustomer } from '../support.js';
import { describeOnEachConfiguration } from './configurations.js';
import type { SecurityDeployment } from './deployment.js';
import { startDeployment } from './deployment.js';

const CAP = 3;
const MAX_QUANTITY = 5;

await describeOnEachConfiguration(
  'business-flow abuse: unpaid orders cannot hoard stock',
  (configuration, backing) => {
    let api: SecurityDeployment;

    // Jobs are held, so no order gets paid: every placed order stays pending, as while a customer's
    // payments never complete.
    beforeAll(async () => {
      api = await startDeployment(configuration, backing(), {
        jobs: 'held',
        env: {
          ORDER_MAX_PENDING_PER_CUSTOMER: String(CAP),
          ORDER_MAX_QUANTITY_PER_ITEM: String(MAX_QUANTITY),
        },
      });
    });

    afterAll(async () => {
      await api.stop();
    });

    const place = (token: string, productId: string, quantity: number, idempotencyKey?: string) =>
      api.as(token).POST('/api/v1/orders', {
        body: { items: [{ productId, quantity }] },
        ...(idempotencyKey === undefined
          ? {}
          : { params: { header: { 'idempotency-key': idempotencyKey } } }),
      });
    const stockOf = async (productId: string): Promise<number | undefined> =>
      (await api.as().GET('/api/v1/products/{id}', { params: { path: { id: productId } } })).data?.stock;
    const ordersOf = async (token: string) =>
      (await api.as(token).GET('/api/v1/orders')).data ?? { items: [], total: -1 };

    it('one customer placing the largest orders again and again holds at most cap × max quantity of a product', async () => {
      const stock = 4 * CAP * MAX_QUANTITY;
      const product = await createProduct(api, { stock });
      const hoarder = await registerCustomer(api.client, 'Hoarder');
      const statuses: number[] = [];
      for (let i = 0; i < stock / MAX_QUANTITY; i++) {
        const result = await place(hoarder.token, product.id, MAX_QUANTITY);
        statuses.push(result.response.status);
        if (result.response.status === 409) {
          expect(result.error?.error).toMatchObject({
            code: 'TOO_MANY_PENDING_ORDERS',
            details: { maxPendingOrders: CAP },
          });
        }
      }
      expect(statuses).toEqual([...Array(CAP).fill(201), ...Array(stock / MAX_QUANTITY - CAP).fill(409)]);
      expect((await place(hoarder.token, product.id, MAX_QUANTITY + 1)).response.status).toBe(400);
      expect(await stockOf(product.id)).toBe(stock - CAP * MAX_QUANTITY);

      const shopper = await registerCustomer(api.client, 'Shopper');
      expect((await place(shopper.token, product.id, 1)).response.status).toBe(201);

      const mine = await ordersOf(hoarder.token);
      expect(mine.total).toBe(CAP);
      const cancelled = await api.as(hoarder.token).POST('/api/v1/orders/{id}/cancel', {
        params: { path: { id: mine.items[0]?.id ?? '' } },
      });
      expect(cancelled.response.status).toBe(200);
      expect((await place(hoarder.token, product.id, MAX_QUANTITY)).response.status).toBe(201);
      expect((await place(hoarder.token, product.id, MAX_QUANTITY)).response.status).toBe(409);
    });

    it('a burst of 20 concurrent orders by one customer gets exactly the cap', async () => {
      const product = await createProduct(api, { stock: 100 });
      const { token } = await registerCustomer(api.client, 'Burst');
      const results = await Promise.all(Array.from({ length: 20 }, () => place(token, product.id, 2)));
      const statuses = results.map((result) => result.response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(CAP);
      expect(statuses.filter((status) => status === 409)).toHaveLength(20 - CAP);
      for (const result of results.filter((r) => r.response.status === 409))
        expect(result.error?.error.code).toBe('TOO_MANY_PENDING_ORDERS');
      expect(await stockOf(product.id)).toBe(100 - 2 * CAP);
      expect((await ordersOf(token)).total).toBe(CAP);
    });

    it('at the cap, repeating an Idempotency-Key still answers with its order', async () => {
      const product = await createProduct(api, { stock: 50 });
      const { token } = await registerCustomer(api.client, 'Retrier');
      const keys = Array.from({ length: CAP }, () => randomUUID());
      const first = [];
      for (const key of keys) first.push(await place(token, product.id, 1, key));
      const replay = await place(token, product.id, 1, keys[0]);
      expect(replay.response.status).toBe(201);
      expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.data?.id).toBe(first[0]?.data?.id);
      expect((await place(token, product.id, 1, randomUUID())).response.status).toBe(409);
      expect(await stockOf(product.id)).toBe(50 - CAP);
    });
  },
);
