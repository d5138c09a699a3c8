import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@bharatmart/testkit';
import { createProduct, expectData, registerCustomer, startTestApi, waitForOrder } from './support.js';
import type { TestApi } from './support.js';

/** As the route declares it (order-routes.ts). */
const PDFS_PER_MINUTE = 20;

describe('GET /api/v1/orders/{id}/invoice.pdf on the embedded defaults', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.app.stop();
  });

  it(`renders at most ${PDFS_PER_MINUTE} PDFs a minute for one account, then answers 429 with Retry-After; other accounts are not held`, async () => {
    const customer = await registerCustomer(api.client, 'Kavya');
    const product = await createProduct(api, { stock: 5 });
    const order = expectData(
      'place order',
      await api.as(customer.token).POST('/api/v1/orders', {
        body: { items: [{ productId: product.id, quantity: 1 }] },
      }),
    );
    await waitForOrder(api, customer.token, order.id, (placed) => placed.paymentStatus === 'paid');
    const path = { params: { path: { id: order.id } } };
    await eventually(
      async () => (await api.as(customer.token).GET('/api/v1/orders/{id}/invoice', path)).data,
    );
    const pdf = (token: string) =>
      api.as(token).GET('/api/v1/orders/{id}/invoice.pdf', { ...path, parseAs: 'arrayBuffer' });

    const statuses: number[] = [];
    for (let index = 0; index < PDFS_PER_MINUTE; index++)
      statuses.push((await pdf(customer.token)).response.status);
    expect(statuses).toEqual(Array.from({ length: PDFS_PER_MINUTE }, () => 200));
    const refused = await api.client.get(`/api/v1/orders/${order.id}/invoice.pdf`, { token: customer.token });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The admin is another account: still served.
    expect((await pdf(api.adminToken)).response.status).toBe(200);
  }, 60_000);
});
