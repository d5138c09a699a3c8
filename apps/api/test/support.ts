import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createBharatMartClient } from '@bharatmart/client';
import type { BharatMartClient, Order, Product, User } from '@bharatmart/client';
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
  /** The untyped client, for requests the contract does not allow (malformed bodies, wrong types). */
  client: ApiClient;
  adminToken: string;
  /** The typed client (@bharatmart/client) calling as the bearer of `token`, or anonymously. */
  as(token?: string): BharatMartClient;
  /** Processes started with the API (e.g. workers), stopped with it. */
  companions?: RunningApp[];
}

export const WORKER_ENTRY = fileURLToPath(new URL('../../worker/dist/main.js', import.meta.url));

/** Starts a `pnpm start:worker` process on the same environment as a test API. */
export function startTestWorker(extra: Record<string, string>): Promise<RunningApp> {
  return startApp({ entry: WORKER_ENTRY, env: testEnv(extra), readyPattern: /"msg":"worker started"/ });
}

/** The typed client (@bharatmart/client) of the API `client` talks to, as the bearer of `token`. */
export function typedClient(client: ApiClient, token?: string): BharatMartClient {
  return createBharatMartClient({ baseUrl: client.baseUrl, ...(token === undefined ? {} : { token }) });
}

/** The data of a typed call, or an error naming the call, its status and the error body. */
export function expectData<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined)
    throw new Error(`${what} failed: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

/**
 * Starts the built API as a child process on the embedded defaults (with `extra` on top) and logs the
 * admin in with the credentials it was given.
 */
export async function startTestApi(extra: Record<string, string> = {}): Promise<TestApi> {
  const env = testEnv(extra);
  const app = await startApp({ entry: API_ENTRY, env });
  const client = new ApiClient(app.baseUrl);
  const login = expectData(
    'admin login',
    await typedClient(client).POST('/api/v1/auth/login', {
      body: { email: env.ADMIN_EMAIL ?? '', password: env.ADMIN_PASSWORD ?? '' },
    }),
  );
  return { app, client, adminToken: login.token, as: (token) => typedClient(client, token) };
}

/** Registers a new customer with a unique email; returns the token and user. */
export async function registerCustomer(
  client: ApiClient,
  name = 'Asha',
): Promise<{ token: string; user: User }> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.in`;
  return expectData(
    'register',
    await typedClient(client).POST('/api/v1/auth/register', {
      body: { email, password: 'correct horse battery', name },
    }),
  );
}

/** Creates a product through the admin API and returns it. */
export async function createProduct(
  api: TestApi,
  fields: { price?: number; stock?: number; category?: string; name?: string } = {},
): Promise<Product> {
  const sku = `TEST-${randomUUID().slice(0, 8)}`;
  return expectData(
    'create product',
    await api.as(api.adminToken).POST('/api/v1/products', {
      body: {
        sku,
        name: fields.name ?? `Test product ${sku}`,
        description: 'made by a test',
        price: fields.price ?? 10_000,
        stock: fields.stock ?? 10,
        category: fields.category ?? 'test',
      },
    }),
  );
}

/** Waits until the order satisfies `accept`, failing with its last state. */
export async function waitForOrder(
  api: TestApi,
  token: string,
  orderId: string,
  accept: (order: Order) => boolean,
  timeoutMs = 15_000,
): Promise<Order> {
  const get = () => api.as(token).GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } });
  const order = await eventually(async () => {
    const { data } = await get();
    return data && accept(data) ? data : undefined;
  }, timeoutMs);
  if (!order) {
    const last = await get();
    throw new Error(
      `order ${orderId} never reached the expected state; last: ${JSON.stringify(last.data ?? last.error)}`,
    );
  }
  return order;
}

/** The repository calls timed so far, summed by the `backend` label of db_operation_duration_seconds. */
export function callsByBackend(metrics: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const [, backend, count] of metrics.matchAll(
    /^db_operation_duration_seconds_count\{[^}]*backend="([^"]+)"[^}]*\} (\d+)$/gm,
  )) {
    calls.set(backend ?? '', (calls.get(backend ?? '') ?? 0) + Number(count));
  }
  return calls;
}
