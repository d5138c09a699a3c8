import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@bharatmart/testkit';
import type { TestApi } from './support.js';
import { createProduct, startTestApi } from './support.js';

const PRODUCT_FIELDS = [
  'category',
  'createdAt',
  'currency',
  'description',
  'gstRatePercent',
  'hsnCode',
  'id',
  'name',
  'price',
  'sku',
  'stock',
  'updatedAt',
];

/** A GET answered as raw text, to compare bytes and headers between a cache miss and a hit. */
async function raw(api: TestApi, path: string, method = 'GET') {
  const response = await fetch(api.app.baseUrl + path, { method });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('catalog reads served from cached response text', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await api.app.stop();
  });

  it('answers a cache hit with the same bytes and headers as the miss, in the schema’s shape', async () => {
    const product = await createProduct(api, { name: 'Cached kulfi mould', price: 12_345 });
    const miss = await raw(api, `/api/v1/products/${product.id}`);
    const hit = await raw(api, `/api/v1/products/${product.id}`);
    expect(miss.status).toBe(200);
    expect(miss.type).toBe('application/json; charset=utf-8');
    expect(hit).toEqual(miss);
    const body = JSON.parse(hit.text) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(PRODUCT_FIELDS);
    expect(body).toMatchObject({ id: product.id, name: 'Cached kulfi mould', price: 12_345 });

    const listMiss = await raw(api, '/api/v1/products?search=kulfi%20mould');
    const listHit = await raw(api, '/api/v1/products?search=kulfi%20mould');
    expect(listMiss.type).toBe('application/json; charset=utf-8');
    expect(listHit).toEqual(listMiss);
    const page = JSON.parse(listHit.text) as {
      items: Record<string, unknown>[];
      total: number;
      totalCapped: boolean;
    };
    expect(Object.keys(page).sort()).toEqual(['items', 'total', 'totalCapped']);
    expect(page).toMatchObject({ total: 1, totalCapped: false });
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(PRODUCT_FIELDS);

    const head = await raw(api, `/api/v1/products/${product.id}`, 'HEAD');
    expect(head).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', text: '' });
  });

  it('drops the cached text when the product changes', async () => {
    const product = await createProduct(api, { name: 'Cached brass lota', price: 50_000 });
    const shop = api.as();
    const byId = { params: { path: { id: product.id } } };
    const search = { params: { query: { search: 'brass lota' } } };
    expect((await shop.GET('/api/v1/products/{id}', byId)).data?.price).toBe(50_000);
    expect((await shop.GET('/api/v1/products', search)).data?.items[0]?.price).toBe(50_000);
    const changed = await api.as(api.adminToken).PATCH('/api/v1/products/{id}', {
      ...byId,
      body: { price: 45_000 },
    });
    expect(changed.response.status).toBe(200);
    expect((await shop.GET('/api/v1/products/{id}', byId)).data?.price).toBe(45_000);
    expect((await shop.GET('/api/v1/products', search)).data?.items[0]?.price).toBe(45_000);
  });

  it('keeps answering an unknown product with 404 from the cache', async () => {
    for (let i = 0; i < 2; i++) {
      const { response, error } = await api
        .as()
        .GET('/api/v1/products/{id}', { params: { path: { id: 'no-such-product' } } });
      expect(response.status).toBe(404);
      expect(error?.error.code).toBe('NOT_FOUND');
    }
  });

  it('writes no per-request line at info', async () => {
    const product = await createProduct(api);
    expect((await api.client.get(`/api/v1/products/${product.id}`)).status).toBe(200);
    expect(api.app.output()).toContain('Server listening at');
    expect(api.app.output()).not.toContain('"msg":"request completed"');
    expect(api.app.output()).not.toContain('"msg":"incoming request"');
  });
});

describe('request log lines', () => {
  it('at debug, logs one flat "request completed" line per request, and no "incoming request" line', async () => {
    const api = await startTestApi({ LOG_LEVEL: 'debug' });
    try {
      const product = await createProduct(api);
      const url = `/api/v1/products/${product.id}?probe=log`;
      await api.client.get(url);
      const linesOf = () =>
        api.app
          .output()
          .split('\n')
          .filter((line) => line.includes(`"url":"${url}"`))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
      // The line is written once the response has gone out.
      const lines =
        (await eventually(async () => (linesOf().length > 0 ? linesOf() : undefined), 5_000)) ?? [];
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 20,
        msg: 'request completed',
        method: 'GET',
        url,
        statusCode: 200,
      });
      expect(typeof lines[0]?.reqId).toBe('string');
      expect(typeof lines[0]?.responseTime).toBe('number');
      expect(api.app.output()).not.toContain('"msg":"incoming request"');
    } finally {
      await api.app.stop();
    }
  });
});
