import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from '@jest/globals';
import { ApiClient, startApp } from '@bharatmart/testkit';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'bharatmart-deploy-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

it('pnpm deploy (as the Dockerfile runs it) ships a runnable API with production dependencies only', async () => {
  const target = join(out, 'api');
  // From the workspace's lockfile (with injected workspace packages, for this command only) and
  // offline: every package is in the store after the install, and the test runs under turbo, which
  // passes on no proxy or CA settings (a registry request then retries for minutes). The legacy
  // deploy resolved every range again and needed registry metadata a fresh machine does not cache.
  // Synchronous, so jest's timeout cannot stop it: a deploy that hangs anyway fails after five minutes.
  const deploy = spawnSync(
    'pnpm',
    [
      'deploy',
      '--offline',
      '--config.inject-workspace-packages=true',
      '--filter=@bharatmart/api',
      '--prod',
      target,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  expect({ status: deploy.status, stderr: deploy.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
  expect(spawnSync('ls', [join(target, 'node_modules', 'jest')]).status).not.toBe(0);

  const app = await startApp({
    entry: join(target, 'dist', 'main.js'),
    env: {
      NODE_ENV: 'production',
      PGLITE_DATA_DIR: 'memory://',
      JWT_SECRET: 'deploy-test-secret-of-at-least-32-bytes!',
      ADMIN_PASSWORD: 'deploy-admin-pw',
      PAYMENT_GATEWAY_API_KEY: 'deploy-test-payment-key',
      STORE_LEGAL_NAME: 'Test Seller Private Limited',
      STORE_GSTIN: '27AAPFU0939F1ZV',
      STORE_ADDRESS: 'Pune, Maharashtra',
    },
  });
  try {
    const client = new ApiClient(app.baseUrl);
    expect((await client.get('/readyz')).status).toBe(200);
    expect((await client.get('/api/v1/products')).body.total).toBeGreaterThanOrEqual(20);
  } finally {
    expect(await app.stop()).toBe(0);
  }
});
