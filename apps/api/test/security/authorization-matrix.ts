/**
 * The reviewed authorization table: for every operation of the OpenAPI document, the status each
 * caller gets. `owner` is the customer who owns the resource in the path, `other` another customer.
 * The matrix test fails when an operation is missing here or listed here but not served.
 */
export type Caller = 'none' | 'owner' | 'other' | 'admin';
export type Expected = Record<Caller, number>;

const everyone = (status: number): Expected => ({
  none: status,
  owner: status,
  other: status,
  admin: status,
});
const adminOnly = (status: number): Expected => ({ none: 401, owner: 403, other: 403, admin: status });

export const AUTHORIZATION_MATRIX: Record<string, Expected> = {
  'GET /healthz': everyone(200),
  'GET /readyz': everyone(200),
  'GET /metrics': everyone(200),
  'POST /api/v1/auth/register': everyone(201),
  'POST /api/v1/auth/login': everyone(200),
  'GET /api/v1/products': everyone(200),
  'GET /api/v1/products/{id}': everyone(200),
  'POST /api/v1/products': adminOnly(201),
  'PATCH /api/v1/products/{id}': adminOnly(200),
  'POST /api/v1/orders': { none: 401, owner: 201, other: 201, admin: 201 },
  'GET /api/v1/orders': { none: 401, owner: 200, other: 200, admin: 200 },
  'GET /api/v1/orders/{id}': { none: 401, owner: 200, other: 404, admin: 200 },
  'POST /api/v1/orders/{id}/cancel': { none: 401, owner: 200, other: 404, admin: 200 },
  'POST /api/v1/orders/{id}/ship': adminOnly(200),
  'GET /api/v1/orders/{id}/invoice': { none: 401, owner: 200, other: 404, admin: 200 },
  // With PAYMENT_PROVIDER=simulated no payment is made at a checkout (razorpay-payments.test.ts
  // covers the owner, another customer and forged webhooks with PAYMENT_PROVIDER=razorpay).
  'GET /api/v1/orders/{id}/checkout': { none: 401, owner: 404, other: 404, admin: 404 },
  'POST /api/v1/orders/{id}/payment': { none: 401, owner: 404, other: 404, admin: 404 },
  'POST /api/v1/webhooks/razorpay': everyone(404),
  'GET /api/v1/orders/{id}/invoice.pdf': { none: 401, owner: 200, other: 404, admin: 200 },
  // Everyone sees only their own addresses: `owner` is the customer who saved the one in the path.
  'GET /api/v1/me/addresses': { none: 401, owner: 200, other: 200, admin: 200 },
  'POST /api/v1/me/addresses': { none: 401, owner: 201, other: 201, admin: 201 },
  'GET /api/v1/me/addresses/{id}': { none: 401, owner: 200, other: 404, admin: 404 },
  'DELETE /api/v1/me/addresses/{id}': { none: 401, owner: 204, other: 404, admin: 404 },
  'GET /api/v1/admin/config': adminOnly(200),
  'GET /api/v1/admin/status': adminOnly(200),
  'GET /api/v1/admin/jobs': adminOnly(200),
  'POST /api/v1/admin/jobs/{id}/retry': adminOnly(404),
  'GET /api/v1/admin/emails': adminOnly(200),
  'GET /api/v1/admin/database/switch': adminOnly(200),
  // Without NEXT_ settings there is nothing to switch to.
  'POST /api/v1/admin/database/switch': adminOnly(409),
};
