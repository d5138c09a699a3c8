import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ApiClient, eventually, startApp } from '@bharatmart/testkit';
import type { RunningApp } from '@bharatmart/testkit';

export const API_ENTRY = fileURLToPath(new URL('../dist/main.js', import.meta.url));
export const ADMIN = { email: 'admin@test.bharatmart.local', password: 'admin-password-for-tests' };

/** The seller of every test API: a Karnataka registration (state 29), as the demo seller. */
export const SELLER = {
  STORE_LEGAL_NAME: 'Test Seller Private Limited',
  STORE_GSTIN: '29AABCB1234F1Z4',
  STORE_ADDRESS: '12 MG Road, Bengaluru, Karnataka 560001',
};

/** The environment of a test API on the embedded defaults, with an in-memory database. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PGLITE_DATA_DIR: 'memory://',
    JWT_SECRET: 'test-jwt-secret-that-is-at-least-32-bytes-long',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    AUTH_RATE_LIMIT_MAX: '10000',
    ...SELLER,
    ...extra,
  };
}

export interface TestApi {
  app: RunningApp;
  client: ApiClient;
  adminToken: string;
  /** Processes started with the API (e.g. workers), stopped with it. */
  companions?: RunningApp[];
}

export const WORKER_ENTRY = fileURLToPath(new URL('../../worker/dist/main.js', import.meta.url));

/** Starts a `pnpm start:worker` process on the same environment as a test API. */
export function startTestWorker(extra: Record<string, string>): Promise<RunningApp> {
  return startApp({ entry: WORKER_ENTRY, env: testEnv(extra), readyPattern: /"msg":"worker started"/ });
}

/**
 * Starts the built API as a child process on the embedded defaults (with `extra` on top) and logs the
 * admin in with the credentials it was given.
 */
export async function startTestApi(extra: Record<string, string> = {}): Promise<TestApi> {
  const env = testEnv(extra);
  const app = await startApp({ entry: API_ENTRY, env });
  const client = new ApiClient(app.baseUrl);
  const login = await client.post('/api/v1/auth/login', {
    email: env.ADMIN_EMAIL,
    password: env.ADMIN_PASSWORD,
  });
  if (login.status !== 200)
    throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { app, client, adminToken: login.body.token };
}

/** Registers a new customer with a unique email; returns the token and user. */
export async function registerCustomer(
  client: ApiClient,
  name = 'Asha',
): Promise<{ token: string; user: { id: string; email: string } }> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.in`;
  const response = await client.post('/api/v1/auth/register', {
    email,
    password: 'correct horse battery',
    name,
  });
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Creates a product through the admin API and returns it. */
export async function createProduct(
  api: TestApi,
  fields: { price?: number; stock?: number; category?: string; name?: string } = {},
): Promise<{ id: string; sku: string; price: number; stock: number }> {
  const sku = `TEST-${randomUUID().slice(0, 8)}`;
  const response = await api.client.post(
    '/api/v1/products',
    {
      sku,
      name: fields.name ?? `Test product ${sku}`,
      description: 'made by a test',
      price: fields.price ?? 10_000,
      stock: fields.stock ?? 10,
      category: fields.category ?? 'test',
    },
    { token: api.adminToken },
  );
  if (response.status !== 201)
    throw new Error(`create product failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Waits until the order satisfies `accept`, failing with its last state. */
export async function waitForOrder(
  api: TestApi,
  token: string,
  orderId: string,
  accept: (order: { status: string; paymentStatus: string }) => boolean,
  timeoutMs = 15_000,
): Promise<{ status: string; paymentStatus: string; total: number }> {
  const order = await eventually(async () => {
    const response = await api.client.get(`/api/v1/orders/${orderId}`, { token });
    return accept(response.body) ? response.body : undefined;
  }, timeoutMs);
  if (!order) {
    const last = await api.client.get(`/api/v1/orders/${orderId}`, { token });
    throw new Error(`order ${orderId} never reached the expected state; last: ${JSON.stringify(last.body)}`);
  }
  return order;
}
