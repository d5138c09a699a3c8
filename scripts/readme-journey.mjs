#!/usr/bin/env node
/**
 * README's first Quick start command, run as written on whatever Node runs this script, followed by
 * README's first journey over HTTP: register, search, place an order, wait until the payment job
 * confirmed it, read its invoice. `.ci/run` runs it on the machine's own Node (the suite itself runs on
 * Node 24). The API gets a free port and a temporary PGlite directory through the environment (shell
 * variables override `.env.development`); everything else is the development defaults. Prints one
 * line saying whether the journey passed; exits 0 when it did.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const QUICK_START = 'npx --yes pnpm@10.34.9 install && npx --yes pnpm@10.34.9 start';
/** Installing and building on a fresh clone takes minutes on two busy cores. */
const START_TIMEOUT_MS = 600_000;
const PAYMENT_TIMEOUT_MS = 60_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function until(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function journey(base) {
  const call = async (path, init = {}) => {
    const response = await fetch(`${base}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
    });
    const body = await response.json().catch(() => undefined);
    return { status: response.status, body };
  };
  const expectStatus = (step, response, status) => {
    if (response.status !== status) {
      throw new Error(`${step}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body;
  };
  const email = `asha-${Date.now()}@example.in`;
  const { token } = expectStatus(
    'register',
    await call('/api/v1/auth/register', {
      method: 'POST',
      body: JSON.stringify({ email, password: 'correct horse', name: 'Asha' }),
    }),
    201,
  );
  const found = expectStatus('search', await call('/api/v1/products?search=tea'), 200);
  const product = found.items[0];
  if (!product) throw new Error('search: the demo catalog has no tea');
  const auth = { authorization: `Bearer ${token}` };
  const order = expectStatus(
    'place order',
    await call('/api/v1/orders', {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': 'first-order' },
      body: JSON.stringify({ items: [{ productId: product.id, quantity: 2 }] }),
    }),
    201,
  );
  const paid = await until('the payment job to confirm the order', PAYMENT_TIMEOUT_MS, async () => {
    const current = expectStatus(
      'read order',
      await call(`/api/v1/orders/${order.id}`, { headers: auth }),
      200,
    );
    return current.status === 'confirmed' && current.paymentStatus === 'paid' ? current : undefined;
  });
  const invoice = await until('the invoice', PAYMENT_TIMEOUT_MS, async () => {
    const response = await call(`/api/v1/orders/${order.id}/invoice`, { headers: auth });
    return response.status === 200 ? response.body : undefined;
  });
  return `order ${paid.id} ${paid.status}/${paid.paymentStatus}, invoice ${invoice.number}`;
}

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'bharatmart-readme-'));
const api = spawn('bash', ['-c', QUICK_START], {
  cwd: root,
  env: { ...process.env, PORT: String(port), PGLITE_DATA_DIR: dataDir },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
let output = '';
api.stdout.on('data', (chunk) => (output += chunk));
api.stderr.on('data', (chunk) => (output += chunk));
const exited = new Promise((resolve) => api.once('exit', resolve));
const base = `http://127.0.0.1:${port}`;
let code = 0;
try {
  await Promise.race([
    until('the API to answer /healthz', START_TIMEOUT_MS, async () => (await fetch(`${base}/healthz`)).ok),
    exited.then((status) => {
      throw new Error(`the Quick start command exited with ${status} before the API answered`);
    }),
  ]);
  console.log(`readme journey: passed on Node ${process.versions.node}: ${await journey(base)}`);
} catch (error) {
  code = 1;
  console.log(
    `${output.slice(-4000)}\nreadme journey: FAILED on Node ${process.versions.node}: ${error.message}`,
  );
} finally {
  try {
    process.kill(-api.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
