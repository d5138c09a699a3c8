import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiClient, describeWithService, eventually, runApp, startApp } from '@bharatmart/testkit';
import type { RunningApp } from '@bharatmart/testkit';
import { ADMIN, cannotRunHere, withLocalEndpoints } from './support/local-endpoints.js';
import type { LocalScenario } from './support/local-endpoints.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scenarios = join(root, 'deployment/env/scenarios');
const CONFIG_CHECK = join(root, 'packages/runtime/dist/cli/config-check.js');
const API = join(root, 'apps/api/dist/main.js');
const WORKER = join(root, 'apps/worker/dist/main.js');
const files = readdirSync(scenarios).filter((name) => name.endsWith('.env'));
const parsed = (name: string) =>
  parseEnv(readFileSync(join(scenarios, name), 'utf8')) as Record<string, string>;

describe('every scenario file passes pnpm config:check as shipped', () => {
  it.each(files)('%s', async (name) => {
    const { code, output } = await runApp(CONFIG_CHECK, {}, 30_000, ['--env-file', join(scenarios, name)]);
    expect(`${name}: exit ${code}\n${output}`).toMatch(/^[\w.-]+: exit 0\n/);
  });
});

describe('scenario files that cannot boot here', () => {
  it('are only those whose backends have no local substitute, each with its reason', () => {
    const refused = Object.fromEntries(
      files.flatMap((name) => {
        const reason = cannotRunHere(parsed(name));
        return reason === undefined ? [] : [[name, reason]];
      }),
    );
    expect(Object.keys(refused)).toEqual(['multi-tier.env']);
    expect(refused['multi-tier.env']).toContain('Oracle Autonomous Database');
  });
});

const bootable = files.filter((name) => cannotRunHere(parsed(name)) === undefined);

await describeWithService(['postgres', 'redis'], 'scenario files boot with local endpoints', () => {
  describe.each(bootable)('%s', (name) => {
    let scenario: LocalScenario;
    let api: RunningApp;
    let worker: RunningApp | undefined;
    let client: ApiClient;

    beforeAll(async () => {
      // NODE_ENV stays production where the file says so: a secret the provider does not serve (e.g.
      // JWT_SECRET from the OCI Vault stand-in) stops startup instead of being made up.
      scenario = await withLocalEndpoints(parsed(name), name.replace(/\.env$/, ''));
      api = await startApp({ entry: API, env: scenario.env, timeoutMs: 60_000 });
      if (scenario.env.WORKER_MODE !== 'in-process')
        worker = await startApp({
          entry: WORKER,
          env: scenario.env,
          readyPattern: /"msg":"worker started"/,
          timeoutMs: 60_000,
        });
      client = new ApiClient(api.baseUrl);
    }, 120_000);

    afterAll(async () => {
      const codes = await Promise.all([api?.stop(), worker?.stop()]);
      await scenario?.stop();
      expect(codes.filter((code) => code !== undefined && code !== 0)).toEqual([]);
    });

    it('keeps the backends the file chooses (only endpoints and credentials are replaced)', () => {
      const file = parsed(name);
      const choices = [
        'NODE_ENV',
        'DATABASE_TYPE',
        'DATABASE_FALLBACK_TYPE',
        'WORKER_MODE',
        'CACHE_TYPE',
        'SECRETS_PROVIDER',
      ];
      for (const variable of choices)
        expect(`${variable}=${scenario.env[variable]}`).toBe(`${variable}=${file[variable]}`);
      const replaced = scenario.substituted.map((entry) => entry.split(' ')[0] ?? '');
      expect(replaced.filter((variable) => choices.includes(variable))).toEqual([]);
    });

    it('answers health and readiness', async () => {
      expect((await client.get('/healthz')).status).toBe(200);
      const ready = await eventually(async () =>
        (await client.get('/readyz')).status === 200 ? true : undefined,
      );
      expect(ready).toBe(true);
      if (worker !== undefined) {
        const port = scenario.env.WORKER_HEALTH_PORT;
        if (port !== undefined && port !== '0')
          expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      }
    });

    it('serves a product read and takes an order that the jobs then pay', async () => {
      const login = await client.post('/api/v1/auth/login', ADMIN);
      expect(login.status).toBe(200);
      const admin = login.body.token as string;
      const created = await client.post(
        '/api/v1/products',
        {
          sku: `SCN-${Date.now()}`,
          name: 'Scenario chai',
          description: 'made by the scenario boot test',
          price: 25_000,
          stock: 5,
          category: 'scenario',
        },
        { token: admin },
      );
      expect(created.status).toBe(201);
      const product = await client.get(`/api/v1/products/${created.body.id}`);
      expect(product.status).toBe(200);
      expect(product.body).toMatchObject({ name: 'Scenario chai', price: 25_000 });

      const registered = await client.post('/api/v1/auth/register', {
        email: `scenario-${Date.now()}@example.in`,
        password: 'correct horse battery',
        name: 'Meera',
      });
      expect(registered.status).toBe(201);
      const token = registered.body.token as string;
      const order = await client.post(
        '/api/v1/orders',
        { items: [{ productId: created.body.id, quantity: 2 }] },
        { token },
      );
      expect(order.status).toBe(201);
      expect(order.body).toMatchObject({ status: 'pending', total: 50_000 });
      const paid = await eventually(async () => {
        const current = await client.get(`/api/v1/orders/${order.body.id}`, { token });
        return current.body.paymentStatus === 'paid' ? current.body : undefined;
      }, 30_000);
      expect(paid).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    });
  });
});
