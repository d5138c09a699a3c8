import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiResponse } from '@bharatmart/testkit';
import type { TestApi } from './support.js';
import { createProduct, registerCustomer, startTestApi } from './support.js';

let api: TestApi;
let alice: { token: string; user: { id: string } };
let bob: { token: string; user: { id: string } };

beforeAll(async () => {
  api = await startTestApi();
  alice = await registerCustomer(api.client, 'Alice');
  bob = await registerCustomer(api.client, 'Bob');
});

afterAll(async () => {
  await api.app.stop();
});

function expectError(response: ApiResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(typeof response.body.error.message).toBe('string');
}

describe('400: invalid input changes nothing', () => {
  it('malformed JSON', async () => {
    const response = await api.client.post('/api/v1/orders', '{"items": [', { token: alice.token });
    expectError(response, 400, 'INVALID_JSON');
  });

  it('wrong types, negative and huge numbers, and unknown fields name each bad field', async () => {
    const product = await createProduct(api, { stock: 5 });
    const cases: [unknown, string][] = [
      [{ items: [{ productId: product.id, quantity: '2' }] }, 'items.0.quantity'],
      [{ items: [{ productId: product.id, quantity: -1 }] }, 'items.0.quantity'],
      [{ items: [{ productId: product.id, quantity: 1e12 }] }, 'items.0.quantity'],
      [{ items: [{ productId: product.id, quantity: 1.5 }] }, 'items.0.quantity'],
      [{ items: [] }, 'items'],
      [{ items: [{ productId: product.id, quantity: 1 }], status: 'shipped' }, 'status'],
      [{}, 'items'],
    ];
    for (const [body, field] of cases) {
      const response = await api.client.post('/api/v1/orders', body, { token: alice.token });
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    expect((await api.client.get(`/api/v1/products/${product.id}`)).body.stock).toBe(5);
    expect((await api.client.get('/api/v1/orders', { token: alice.token })).body.total).toBe(0);
  });

  it('a quantity above the per-item cap, and the same product twice, are domain validation errors', async () => {
    const product = await createProduct(api, { stock: 50 });
    const tooMany = await api.client.post(
      '/api/v1/orders',
      { items: [{ productId: product.id, quantity: 11 }] },
      { token: alice.token },
    );
    expectError(tooMany, 400, 'VALIDATION_FAILED');
    const twice = await api.client.post(
      '/api/v1/orders',
      {
        items: [
          { productId: product.id, quantity: 1 },
          { productId: product.id, quantity: 1 },
        ],
      },
      { token: alice.token },
    );
    expectError(twice, 400, 'VALIDATION_FAILED');
    expect((await api.client.get(`/api/v1/products/${product.id}`)).body.stock).toBe(50);
  });

  it('a bad PIN code, an unknown state code, a bad phone or a blank name in a shipping address', async () => {
    const product = await createProduct(api, { stock: 5 });
    const address = {
      name: 'Alice',
      line1: '1 MG Road',
      city: 'Pune',
      stateCode: '27',
      pincode: '411001',
      phone: '9876543210',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...address, pincode: '41100' }, 'shippingAddress.pincode'],
      [{ ...address, pincode: '011001' }, 'shippingAddress.pincode'],
      [{ ...address, stateCode: '40' }, 'shippingAddress.stateCode'],
      [{ ...address, stateCode: 'MH' }, 'shippingAddress.stateCode'],
      [{ ...address, phone: '12345' }, 'shippingAddress.phone'],
      [{ ...address, name: '   ' }, 'shippingAddress.name'],
      [{ ...address, country: 'IN' }, 'shippingAddress.country'],
    ];
    for (const [shippingAddress, field] of cases) {
      const response = await api.client.post(
        '/api/v1/orders',
        { items: [{ productId: product.id, quantity: 1 }], shippingAddress },
        { token: alice.token },
      );
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
      const saved = await api.client.post('/api/v1/me/addresses', shippingAddress, { token: alice.token });
      expectError(saved, 400, 'VALIDATION_FAILED');
    }
    expect((await api.client.get(`/api/v1/products/${product.id}`)).body.stock).toBe(5);
    expect((await api.client.get('/api/v1/me/addresses', { token: alice.token })).body).toEqual([]);
  });

  it('products refuse an HSN code that is not 4, 6 or 8 digits and a rate that is no GST rate', async () => {
    const base = { sku: 'BAD-TAX', name: 'x', price: 100, stock: 1, category: 'test' };
    for (const [body, field] of [
      [{ ...base, hsnCode: '12345' }, 'hsnCode'],
      [{ ...base, hsnCode: 'ABCD' }, 'hsnCode'],
      [{ ...base, gstRatePercent: 7 }, 'gstRatePercent'],
      [{ ...base, gstRatePercent: '18' }, 'gstRatePercent'],
    ] as const) {
      const response = await api.client.post('/api/v1/products', body, { token: api.adminToken });
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    const special = await api.client.post(
      '/api/v1/products',
      { ...base, sku: 'GOLD-COIN-1', hsnCode: '71189000', gstRatePercent: 3 },
      { token: api.adminToken },
    );
    expect(special.status).toBe(201);
    expect(special.body).toMatchObject({ hsnCode: '71189000', gstRatePercent: 3 });
  });

  it('product creation rejects bad fields and mass assignment', async () => {
    const base = { sku: 'BAD-1', name: 'x', price: 100, stock: 1, category: 'test' };
    for (const body of [
      { ...base, price: -1 },
      { ...base, price: '100' },
      { ...base, stock: 1e15 },
      { ...base, id: 'chosen-id' },
      { ...base, sku: '' },
    ]) {
      expectError(
        await api.client.post('/api/v1/products', body, { token: api.adminToken }),
        400,
        'VALIDATION_FAILED',
      );
    }
    const list = await api.client.get('/api/v1/products?search=BAD-1');
    expect(list.body.total).toBe(0);
  });

  it('query strings are validated', async () => {
    expectError(await api.client.get('/api/v1/products?limit=0'), 400, 'VALIDATION_FAILED');
    expectError(await api.client.get('/api/v1/products?limit=1000'), 400, 'VALIDATION_FAILED');
    expectError(await api.client.get('/api/v1/products?minPrice=abc'), 400, 'VALIDATION_FAILED');
    expectError(await api.client.get('/api/v1/products?minPrice=500&maxPrice=100'), 400, 'VALIDATION_FAILED');
    expectError(await api.client.get('/api/v1/products?unknown=1'), 400, 'VALIDATION_FAILED');
  });

  it('registration validates email, password and name', async () => {
    expectError(
      await api.client.post('/api/v1/auth/register', {
        email: 'not-an-email',
        password: 'long enough pw',
        name: 'X',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await api.client.post('/api/v1/auth/register', { email: 'a@b.in', password: 'short', name: 'X' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await api.client.post('/api/v1/auth/register', {
        email: 'a@b.in',
        password: 'long enough pw',
        name: 'X',
        role: 'admin',
      }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('401: no or bad token, bad credentials', () => {
  it('requires a valid bearer token', async () => {
    expectError(await api.client.get('/api/v1/orders'), 401, 'UNAUTHENTICATED');
    expectError(await api.client.get('/api/v1/orders', { token: 'not.a.token' }), 401, 'UNAUTHENTICATED');
    expectError(
      await api.client.get('/api/v1/orders', { headers: { authorization: 'Basic abc' } }),
      401,
      'UNAUTHENTICATED',
    );
    const [header, payload] = alice.token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expectError(await api.client.get('/api/v1/orders', { token: none }), 401, 'UNAUTHENTICATED');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), role: 'admin' })).toString('base64url')}.${alice.token.split('.')[2]}`;
    expectError(await api.client.get('/api/v1/admin/config', { token: tampered }), 401, 'UNAUTHENTICATED');
  });

  it('answers bad credentials with one message whether or not the email exists', async () => {
    const wrongPassword = await api.client.post('/api/v1/auth/login', {
      email: 'admin@test.bharatmart.local',
      password: 'wrong password',
    });
    const unknownEmail = await api.client.post('/api/v1/auth/login', {
      email: 'nobody@example.in',
      password: 'wrong password',
    });
    expectError(wrongPassword, 401, 'UNAUTHENTICATED');
    expectError(unknownEmail, 401, 'UNAUTHENTICATED');
    expect(wrongPassword.body.error.message).toBe(unknownEmail.body.error.message);
  });
});

describe('403: customers on admin routes', () => {
  it('forbids every admin operation to a customer', async () => {
    const product = await createProduct(api);
    const attempts = [
      api.client.post(
        '/api/v1/products',
        { sku: 'X-1', name: 'x', price: 1, stock: 1, category: 'test' },
        { token: alice.token },
      ),
      api.client.patch(`/api/v1/products/${product.id}`, { price: 1 }, { token: alice.token }),
      api.client.get('/api/v1/admin/config', { token: alice.token }),
      api.client.get('/api/v1/admin/jobs', { token: alice.token }),
      api.client.post('/api/v1/admin/jobs/x/retry', undefined, { token: alice.token }),
      api.client.get('/api/v1/admin/emails', { token: alice.token }),
    ];
    for (const response of await Promise.all(attempts)) expectError(response, 403, 'FORBIDDEN');
    expect((await api.client.get(`/api/v1/products/${product.id}`)).body.price).toBe(product.price);
  });

  it('only admins ship', async () => {
    const product = await createProduct(api);
    const order = await api.client.post(
      '/api/v1/orders',
      { items: [{ productId: product.id, quantity: 1 }] },
      { token: alice.token },
    );
    expectError(
      await api.client.post(`/api/v1/orders/${order.body.id}/ship`, undefined, { token: alice.token }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('404: unknown ids and other customers’ resources', () => {
  it('unknown products, orders and routes', async () => {
    expectError(
      await api.client.get('/api/v1/products/00000000-0000-0000-0000-000000000000'),
      404,
      'NOT_FOUND',
    );
    expectError(await api.client.get('/api/v1/orders/nope', { token: alice.token }), 404, 'NOT_FOUND');
    expectError(
      await api.client.patch('/api/v1/products/nope', { price: 5 }, { token: api.adminToken }),
      404,
      'NOT_FOUND',
    );
    expectError(await api.client.get('/api/v1/nothing-here'), 404, 'NOT_FOUND');
    const unknownProduct = await api.client.post(
      '/api/v1/orders',
      { items: [{ productId: 'missing', quantity: 1 }] },
      { token: alice.token },
    );
    expectError(unknownProduct, 404, 'NOT_FOUND');
  });

  it("customer B can neither see nor cancel A's order, nor its invoice", async () => {
    const product = await createProduct(api, { stock: 3 });
    const order = await api.client.post(
      '/api/v1/orders',
      { items: [{ productId: product.id, quantity: 1 }] },
      { token: alice.token },
    );
    expect(order.status).toBe(201);
    expectError(
      await api.client.get(`/api/v1/orders/${order.body.id}`, { token: bob.token }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await api.client.post(`/api/v1/orders/${order.body.id}/cancel`, undefined, { token: bob.token }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await api.client.get(`/api/v1/orders/${order.body.id}/invoice`, { token: bob.token }),
      404,
      'NOT_FOUND',
    );
    const bobs = await api.client.get('/api/v1/orders', { token: bob.token });
    expect(bobs.body.items.map((o: { id: string }) => o.id)).not.toContain(order.body.id);
    expect(
      (await api.client.get(`/api/v1/orders/${order.body.id}`, { token: alice.token })).body.status,
    ).not.toBe('cancelled');
    const adminView = await api.client.get(`/api/v1/orders/${order.body.id}`, { token: api.adminToken });
    expect(adminView.status).toBe(200);
  });
});

describe('409: conflicts', () => {
  it('INSUFFICIENT_STOCK takes no stock from any item', async () => {
    const plenty = await createProduct(api, { stock: 10 });
    const scarce = await createProduct(api, { stock: 1 });
    const response = await api.client.post(
      '/api/v1/orders',
      {
        items: [
          { productId: plenty.id, quantity: 2 },
          { productId: scarce.id, quantity: 2 },
        ],
      },
      { token: alice.token },
    );
    expectError(response, 409, 'INSUFFICIENT_STOCK');
    expect((await api.client.get(`/api/v1/products/${plenty.id}`)).body.stock).toBe(10);
    expect((await api.client.get(`/api/v1/products/${scarce.id}`)).body.stock).toBe(1);
  });

  it('a duplicate email (any case) and a duplicate sku', async () => {
    const email = `dup-${Date.now()}@example.in`;
    expect(
      (await api.client.post('/api/v1/auth/register', { email, password: 'long enough pw', name: 'One' }))
        .status,
    ).toBe(201);
    expectError(
      await api.client.post('/api/v1/auth/register', {
        email: email.toUpperCase(),
        password: 'long enough pw',
        name: 'Two',
      }),
      409,
      'EMAIL_TAKEN',
    );
    const product = await createProduct(api);
    const again = await api.client.post(
      '/api/v1/products',
      { sku: product.sku, name: 'x', price: 1, stock: 1, category: 'test' },
      { token: api.adminToken },
    );
    expectError(again, 409, 'CONFLICT');
  });
});

describe('idempotent order creation', () => {
  it('the same key and body return the same order and take stock once', async () => {
    const product = await createProduct(api, { stock: 10 });
    const body = { items: [{ productId: product.id, quantity: 2 }] };
    const headers = { 'idempotency-key': `key-${product.id}` };
    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map(() => api.client.post('/api/v1/orders', body, { token: alice.token, headers })),
    );
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect((await api.client.get(`/api/v1/products/${product.id}`)).body.stock).toBe(8);
    const otherBody = await api.client.post(
      '/api/v1/orders',
      { items: [{ productId: product.id, quantity: 1 }] },
      { token: alice.token, headers },
    );
    expectError(otherBody, 422, 'IDEMPOTENCY_KEY_REUSED');
    const otherCustomer = await api.client.post('/api/v1/orders', body, { token: bob.token, headers });
    expect(otherCustomer.status).toBe(201);
    expect(otherCustomer.body.id).not.toBe(responses[0]?.body.id);
  });
});

describe('operations', () => {
  it('healthz, readyz, metrics and the OpenAPI document', async () => {
    expect((await api.client.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await api.client.get('/readyz');
    expect(ready.status).toBe(200);
    expect(
      ready.body.adapters
        .map((a: { name: string; type: string; status: string }) => [a.name, a.type, a.status])
        .sort(),
    ).toEqual([
      ['cache', 'memory', 'up'],
      ['database', 'pglite', 'up'],
      ['secrets', 'env', 'up'],
      ['worker', 'in-process', 'up'],
    ]);
    await api.client.get('/api/v1/products');
    await api.client.get('/api/v1/products');
    const metrics = await api.client.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/products",status="200"\} \d+/,
    );
    expect(metrics.body).toMatch(/cache_reads_total\{outcome="hit"\} [1-9]/);
    expect(metrics.body).toMatch(/jobs\{queue="payment",state="completed"\} \d+/);
    expect(metrics.body).toMatch(/adapter_health\{port="database",type="pglite"\} 1/);
    const openapi = await api.client.get('/docs/json');
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/orders', '/api/v1/orders/{id}/cancel', '/api/v1/admin/jobs']),
    );
    expect((await api.client.get('/docs')).status).toBeLessThan(400);
  });

  it('admin config is redacted and jobs are listed', async () => {
    const config = await api.client.get('/api/v1/admin/config', { token: api.adminToken });
    expect(config.status).toBe(200);
    expect(config.body.summary).toContain('database: pglite');
    expect(JSON.stringify(config.body)).not.toContain('test-jwt-secret');
    expect(JSON.stringify(config.body)).not.toContain('admin-password-for-tests');
    const jobs = await api.client.get('/api/v1/admin/jobs', { token: api.adminToken });
    expect(jobs.status).toBe(200);
    expect(Object.keys(jobs.body.queues).sort()).toEqual(['email', 'order', 'payment']);
    expectError(
      await api.client.post('/api/v1/admin/jobs/unknown-job/retry', undefined, { token: api.adminToken }),
      404,
      'NOT_FOUND',
    );
  });
});
