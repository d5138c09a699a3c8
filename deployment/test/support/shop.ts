import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@jest/globals';
import { ApiClient, eventually, startApp } from '@bharatmart/testkit';
import type { RunningApp } from '@bharatmart/testkit';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const API = join(ROOT, 'apps/api/dist/main.js');
const WORKER = join(ROOT, 'apps/worker/dist/main.js');

/** A running shop: the API, and a worker process unless its jobs run in-process. */
export interface Shop {
  client: ApiClient;
  api: RunningApp;
  worker?: RunningApp;
  /** Stops both; resolves with their exit codes. */
  stop(): Promise<(number | null)[]>;
}

/** Starts the built API (and `pnpm start:worker` unless WORKER_MODE=in-process) on exactly `env`. */
export async function startShop(env: Record<string, string>): Promise<Shop> {
  const api = await startApp({ entry: API, env, timeoutMs: 60_000 });
  let worker: RunningApp | undefined;
  try {
    if (env.WORKER_MODE !== 'in-process')
      worker = await startApp({
        entry: WORKER,
        env,
        readyPattern: /"msg":"worker started"/,
        timeoutMs: 60_000,
      });
  } catch (error) {
    await api.stop();
    throw error;
  }
  return {
    client: new ApiClient(api.baseUrl),
    api,
    ...(worker ? { worker } : {}),
    stop: () => Promise.all([api.stop(), ...(worker ? [worker.stop()] : [])]),
  };
}

/** What a shop was given by {@link placePaidOrder}, to look for after a migration. */
export interface ShopRecord {
  productId: string;
  customer: { email: string; password: string };
  orderId: string;
}

/**
 * The journey's first steps: the admin adds a product, anyone reads it, a new customer orders two,
 * and the jobs pay for the order. Fails naming the step that did not happen.
 */
export async function placePaidOrder(
  client: ApiClient,
  admin: { email: string; password: string },
): Promise<ShopRecord> {
  const login = await client.post('/api/v1/auth/login', admin);
  expect(login.status).toBe(200);
  const created = await client.post(
    '/api/v1/products',
    {
      sku: `SCN-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
      name: 'Scenario chai',
      description: 'made by a deployment test',
      price: 25_000,
      stock: 5,
      category: 'scenario',
    },
    { token: login.body.token as string },
  );
  expect(created.status).toBe(201);
  const product = await client.get(`/api/v1/products/${created.body.id}`);
  expect(product.status).toBe(200);
  expect(product.body).toMatchObject({ name: 'Scenario chai', price: 25_000 });

  const customer = {
    email: `scenario-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.in`,
    password: 'correct horse battery',
  };
  const registered = await client.post('/api/v1/auth/register', { ...customer, name: 'Meera' });
  expect(registered.status).toBe(201);
  const token = registered.body.token as string;
  const order = await client.post(
    '/api/v1/orders',
    { items: [{ productId: created.body.id, quantity: 2 }] },
    { token },
  );
  expect(order.status).toBe(201);
  expect(order.body).toMatchObject({ status: 'pending', total: 50_000 });
  expect(await paidOrder(client, token, order.body.id as string)).toMatchObject({
    status: 'confirmed',
    paymentStatus: 'paid',
  });
  return { productId: created.body.id as string, customer, orderId: order.body.id as string };
}

/** The order once it is paid, or the last state seen after 30 s. */
async function paidOrder(client: ApiClient, token: string, orderId: string): Promise<unknown> {
  const paid = await eventually(async () => {
    const current = await client.get(`/api/v1/orders/${orderId}`, { token });
    return current.body.paymentStatus === 'paid' ? current.body : undefined;
  }, 30_000);
  return paid ?? (await client.get(`/api/v1/orders/${orderId}`, { token })).body;
}

/** Checks that `record`'s customer can sign in and still sees the paid order, and the product is served. */
export async function expectShopMoved(client: ApiClient, record: ShopRecord): Promise<void> {
  const login = await client.post('/api/v1/auth/login', record.customer);
  expect(login.status).toBe(200);
  const order = await client.get(`/api/v1/orders/${record.orderId}`, { token: login.body.token as string });
  expect(order.status).toBe(200);
  expect(order.body).toMatchObject({ status: 'confirmed', paymentStatus: 'paid', total: 50_000 });
  expect((await client.get(`/api/v1/products/${record.productId}`)).status).toBe(200);
}
