import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { TestApi } from './support.js';
import { createProduct, registerCustomer, startTestApi } from './support.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api.app.stop();
});

it('60 concurrent single-unit orders on stock 18: exactly 18 succeed, the rest get 409, stock ends at 0', async () => {
  const product = await createProduct(api, { stock: 18 });
  const customers = await Promise.all(
    Array.from({ length: 6 }, (_, i) => registerCustomer(api.client, `Buyer${i}`)),
  );
  const responses = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      api.client.post(
        '/api/v1/orders',
        { items: [{ productId: product.id, quantity: 1 }] },
        { token: customers[i % 6]?.token ?? '' },
      ),
    ),
  );
  const statuses = responses.map((response) => response.status);
  expect(statuses.filter((status) => status === 201)).toHaveLength(18);
  expect(statuses.filter((status) => status === 409)).toHaveLength(42);
  for (const response of responses.filter((r) => r.status === 409))
    expect(response.body.error.code).toBe('INSUFFICIENT_STOCK');
  expect((await api.client.get(`/api/v1/products/${product.id}`)).body.stock).toBe(0);
  const all = await api.client.get('/api/v1/orders?limit=100', { token: api.adminToken });
  expect(
    all.body.items.filter(
      (order: { items: { productId: string }[] }) => order.items[0]?.productId === product.id,
    ),
  ).toHaveLength(18);
});
