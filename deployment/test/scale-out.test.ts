import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  ApiClient,
  createPostgresTestDatabase,
  createTestCertificates,
  describeWithService,
  freePort,
  eventually,
  serviceUrl,
  startApp,
} from '@bharatmart/testkit';
import type { PostgresTestDatabase, RunningApp, TestCertificates } from '@bharatmart/testkit';
import { shippedSitePrefix } from './support/nginx.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const API = join(root, 'apps/api/dist/main.js');
const WORKER = join(root, 'apps/worker/dist/main.js');

let database: PostgresTestDatabase;
let env: Record<string, string>;
let apiPorts: [number, number];
const apis: (RunningApp | undefined)[] = [];
const workers: RunningApp[] = [];
let nginx: ChildProcess | undefined;
let certificates: TestCertificates | undefined;
let client: ApiClient;

function startApi(index: number): Promise<RunningApp> {
  return startApp({ entry: API, env: { ...env, PORT: String(apiPorts[index]) } });
}

afterAll(async () => {
  nginx?.kill('SIGTERM');
  certificates?.remove();
  await Promise.all([...apis, ...workers].map((app) => app?.stop()));
  await database?.drop();
});

await describeWithService(
  ['postgres', 'redis'],
  'scale-out on one machine: nginx, two API processes, two workers',
  () => {
    beforeAll(async () => {
      database = await createPostgresTestDatabase('scale_out');
      env = {
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        DATABASE_TYPE: 'postgresql',
        DATABASE_URL: database.url,
        WORKER_MODE: 'bull-queue',
        QUEUE_REDIS_URL: serviceUrl('redis'),
        QUEUE_PREFIX: database.name,
        CACHE_TYPE: 'redis',
        CACHE_REDIS_URL: serviceUrl('redis'),
        CACHE_KEY_PREFIX: `${database.name}:`,
        TRUST_PROXY: '127.0.0.1',
        JWT_SECRET: 'scale-out-secret-of-at-least-32-bytes!!',
        ADMIN_EMAIL: 'admin@scale.example',
        ADMIN_PASSWORD: 'scale-out-admin',
        AUTH_RATE_LIMIT_MAX: '10000',
      };
      apiPorts = [await freePort(), await freePort()];
      apis[0] = await startApi(0);
      apis[1] = await startApi(1);
      workers.push(
        ...(await Promise.all(
          [0, 1].map(() => startApp({ entry: WORKER, env, readyPattern: /"msg":"worker started"/ })),
        )),
      );
      // Through the shipped site's host-only server (plain HTTP); its public TLS server is tested in
      // nginx-and-systemd.test.ts.
      const listen = await freePort();
      certificates = createTestCertificates();
      const prefix = shippedSitePrefix(
        {
          http: await freePort(),
          https: await freePort(),
          internal: listen,
          apis: apiPorts,
        },
        certificates,
      );
      nginx = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
        stdio: 'ignore',
      });
      client = new ApiClient(`http://127.0.0.1:${listen}`);
      expect(
        await eventually(
          async () => (await client.get('/healthz').catch(() => ({ status: 0 }))).status === 200,
        ),
      ).toBe(true);
    });

    it('the journey passes through nginx, with the jobs run by the worker processes', async () => {
      const admin = await client.post('/api/v1/auth/login', {
        email: env.ADMIN_EMAIL,
        password: env.ADMIN_PASSWORD,
      });
      const customer = await client.post('/api/v1/auth/register', {
        email: 'scale@example.in',
        password: 'long enough pw',
        name: 'Scale',
      });
      expect(customer.status).toBe(201);
      const product = (await client.get('/api/v1/products?search=tea')).body.items[0];
      const order = await client.post(
        '/api/v1/orders',
        { items: [{ productId: product.id, quantity: 1 }] },
        { token: customer.body.token },
      );
      expect(order.status).toBe(201);
      const paid = await eventually(
        async () =>
          (await client.get(`/api/v1/orders/${order.body.id}`, { token: customer.body.token })).body
            .paymentStatus === 'paid',
      );
      expect(paid).toBe(true);
      const shipped = await client.post(`/api/v1/orders/${order.body.id}/ship`, undefined, {
        token: admin.body.token,
      });
      expect(shipped.body.status).toBe('shipped');
      const emails = await eventually(async () => {
        const sent = await client.get('/api/v1/admin/emails?to=scale%40example.in', {
          token: admin.body.token,
        });
        return sent.body.items.length >= 3 ? sent.body.items : undefined;
      });
      expect(emails.map((email: { template: string }) => email.template).sort()).toEqual([
        'order-confirmation',
        'shipping',
        'welcome',
      ]);
    });

    it('killing one API process during 1,000 GET requests through nginx fails none of them', async () => {
      const failures: string[] = [];
      for (let i = 0; i < 1000; i++) {
        if (i === 300) apis[0]?.process.kill('SIGKILL');
        const result = await client.get(i % 2 ? '/api/v1/products?limit=5' : '/healthz');
        if (result.status !== 200) failures.push(`${i}: ${result.status}`);
      }
      expect(failures).toEqual([]);
      apis[0] = await startApi(0);
      // nginx keeps a failed upstream out for fail_timeout (5 s in bharatmart.conf) before trying it again.
      await new Promise((resolve) => setTimeout(resolve, 5500));
    });

    it('SIGTERM to an API process under concurrent load drops no request', async () => {
      const failures: string[] = [];
      let stopped: Promise<number | null> | undefined;
      await Promise.all(
        Array.from({ length: 8 }, async (_, loop) => {
          for (let i = 0; i < 60; i++) {
            if (loop === 0 && i === 20) stopped = apis[1]?.stop('SIGTERM');
            const result = await client.get('/api/v1/products?limit=20');
            if (result.status !== 200) failures.push(`${loop}/${i}: ${result.status}`);
          }
        }),
      );
      expect(failures).toEqual([]);
      expect(await stopped).toBe(0);
    });
  },
);
