import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from '@jest/globals';
import { startSupabaseStandin } from '@bharatmart/supabase-standin';
import type { PostgresTestDatabase } from '@bharatmart/testkit';
import { createPostgresTestDatabase, describeWithService } from '@bharatmart/testkit';
import type { TestApi } from './support.js';
import { callsByBackend, registerCustomer, startTestApi } from './support.js';

let api: TestApi | undefined;
let database: PostgresTestDatabase | undefined;
let stopStandin: (() => Promise<void>) | undefined;

afterAll(async () => {
  await api?.app.stop();
  await stopStandin?.();
  await database?.drop();
});

await describeWithService('postgres', 'hybrid failover: Supabase primary, direct PostgreSQL fallback', () => {
  it('stopping the Supabase gateway during 500 requests fails none; starting it again returns traffic to it', async () => {
    database = await createPostgresTestDatabase('api_failover');
    const jwtSecret = randomBytes(32).toString('hex');
    let standin = await startSupabaseStandin({ databaseUrl: database.url, jwtSecret });
    stopStandin = () => standin.stop();
    const port = Number(new URL(standin.url).port);
    api = await startTestApi({
      DATABASE_TYPE: 'supabase',
      SUPABASE_URL: standin.url,
      SUPABASE_SERVICE_ROLE_KEY: standin.serviceRoleKey,
      SUPABASE_DB_URL: database.url,
      DATABASE_FALLBACK_TYPE: 'postgresql',
      DATABASE_URL: database.url,
    });
    const { token } = await registerCustomer(api.client, 'Failover');
    const product = (await api.client.get('/api/v1/products?limit=1')).body.items[0];
    const failures: string[] = [];
    const paths = new Set<string>();
    let onFallback = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      if (i === 150) await standin.stop();
      const response =
        i % 10 === 0
          ? await api.client.post(
              '/api/v1/orders',
              { items: [{ productId: product.id, quantity: 1 }] },
              { token },
            )
          : await api.client.get(i % 2 ? `/api/v1/products/${product.id}` : `/api/v1/orders?limit=5`, {
              token,
            });
      if (response.status >= 400) failures.push(`${i}: ${response.status} ${JSON.stringify(response.body)}`);
      if (i === 300) {
        // Which side serves is a detail of the admin's view of /readyz.
        const ready = await api.client.get('/readyz', { token: api.adminToken });
        paths.add(ready.body.adapters.find((a: { name: string }) => a.name === 'database').activePath);
        // The admin status names the serving side of the pair, read from the adapter, no backend call.
        const status = await api.as(api.adminToken).GET('/api/v1/admin/status');
        paths.add(status.data?.ports.find((p) => p.port === 'database')?.failoverPath ?? 'missing');
        const metrics = (await api.client.get('/metrics')).body as string;
        expect(metrics).toMatch(/database_active_path\{path="fallback"\} 1/);
        onFallback = callsByBackend(metrics);
      }
    }
    expect(failures).toEqual([]);
    expect(paths).toEqual(new Set(['fallback']));

    standin = await startSupabaseStandin({ databaseUrl: database.url, jwtSecret, port });
    const deadline = Date.now() + 30_000;
    let activePath = 'fallback';
    while (activePath !== 'primary' && Date.now() < deadline) {
      expect((await api.client.get(`/api/v1/products/${product.id}`)).status).toBe(200);
      activePath = (await api.client.get('/readyz', { token: api.adminToken })).body.adapters.find(
        (a: { name: string }) => a.name === 'database',
      ).activePath;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(activePath).toBe('primary');
    const metrics = (await api.client.get('/metrics')).body as string;
    expect(metrics).toMatch(/database_active_path\{path="primary"\} 1/);
    // Calls are timed under the backend that served them: the fallback's while it served.
    expect(onFallback.get('postgresql')).toBeGreaterThan(0);
    expect(callsByBackend(metrics).get('supabase')).toBeGreaterThan(onFallback.get('supabase') ?? 0);
    const status = await api.as(api.adminToken).GET('/api/v1/admin/status');
    expect(status.data?.ports.find((p) => p.port === 'database')).toMatchObject({
      backend: 'failover(supabase,postgresql)',
      failoverPath: 'primary',
    });
    // 500 requests one after another, then up to 30 s for the circuit to probe the primary again:
    // about 20 s on a quiet machine, three times that on a loaded one.
  }, 180_000);
});
