import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createProduct, expectData, registerCustomer, startTestApi, waitForOrder } from './support.js';
import type { TestApi } from './support.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.app.stop());

/** The value of the first sample of `metric` whose labels include every one of `labels`. */
function sampleOf(text: string, metric: string, labels: string[]): number | undefined {
  const line = text
    .split('\n')
    .find((entry) => entry.startsWith(`${metric}{`) && labels.every((label) => entry.includes(label)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

it('/metrics exports the database, cache and job metrics measured at the adapters', async () => {
  const product = await createProduct(api, { stock: 5 });
  for (let i = 0; i < 2; i += 1) {
    expectData(
      'read product',
      await api.as().GET('/api/v1/products/{id}', { params: { path: { id: product.id } } }),
    );
  }
  const customer = await registerCustomer(api.client);
  const order = expectData(
    'place order',
    await api.as(customer.token).POST('/api/v1/orders', {
      body: { items: [{ productId: product.id, quantity: 1 }] },
    }),
  );
  await waitForOrder(api, customer.token, order.id, (placed) => placed.paymentStatus === 'paid');

  const text = (await api.client.get('/metrics')).body as string;
  expect(
    sampleOf(text, 'db_operation_duration_seconds_count', ['backend="pglite"', 'method="orders.create"']),
  ).toBe(1);
  expect(
    sampleOf(text, 'cache_operations_total', ['cache="memory"', 'operation="getOrSet"', 'outcome="miss"']),
  ).toBeGreaterThanOrEqual(1);
  expect(
    sampleOf(text, 'cache_operations_total', ['cache="memory"', 'operation="getOrSet"', 'outcome="hit"']),
  ).toBeGreaterThanOrEqual(1);
  expect(
    sampleOf(text, 'job_duration_seconds_count', ['job_name="payment.charge"', 'outcome="completed"']),
  ).toBe(1);
  // The API's own metrics are still there beside them.
  expect(text).toContain('http_requests_total{');
});
