import { execFileSync } from 'node:child_process';
import { afterEach, expect, it } from '@jest/globals';
import { describeWithService, eventually, freePort, privateRedisServer } from '@bharatmart/testkit';
import type { ChildServer } from '@bharatmart/testkit';
import type { TestApi } from './support.js';
import { expectData, registerCustomer, startTestApi } from './support.js';

let redis: ChildServer | undefined;
let api: TestApi | undefined;

afterEach(async () => {
  await api?.app.stop();
  await redis?.kill();
  api = undefined;
  redis = undefined;
});

/** Starts a private redis-server and an API that caches in it. */
async function apiOnPrivateRedis(extra: Record<string, string>): Promise<{ api: TestApi; port: number }> {
  const port = await freePort();
  redis = privateRedisServer(port);
  await redis.start();
  api = await startTestApi({ CACHE_TYPE: 'redis', CACHE_REDIS_URL: `redis://127.0.0.1:${port}`, ...extra });
  return { api, port };
}

/** How many PINGs the redis-server on `port` has answered (its own command statistics). */
function pingsAnswered(port: number): number {
  const stats = execFileSync('redis-cli', ['-p', String(port), 'INFO', 'commandstats'], { encoding: 'utf8' });
  return Number(/cmdstat_ping:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

const status = async (api: TestApi) =>
  expectData('admin status', await api.as(api.adminToken).GET('/api/v1/admin/status'));

await describeWithService('redis', 'GET /api/v1/admin/status', () => {
  it('lists each port as last checked, without calling a backend per request; admin only', async () => {
    const { api, port } = await apiOnPrivateRedis({ HEALTH_CHECK_INTERVAL_SECONDS: '3600' });
    const first = await status(api);
    const before = pingsAnswered(port);
    for (let i = 0; i < 20; i++) await status(api);
    expect(pingsAnswered(port)).toBe(before);

    expect(first.ready).toBe(true);
    expect(first.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(first.ports.map(({ port, backend, status }) => [port, backend, status])).toEqual([
      ['database', 'pglite', 'up'],
      ['cache', 'redis', 'up'],
      ['secrets', 'env', 'up'],
      ['worker', 'in-process', 'up'],
    ]);
    for (const entry of first.ports) {
      expect(entry.changedAt).toBe(first.startedAt);
      expect(Date.parse(entry.checkedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first.startedAt));
      expect(entry.latencyMs).toBeGreaterThanOrEqual(0);
      expect(entry).not.toHaveProperty('failoverPath');
    }
    expect(first.ports.find((entry) => entry.port === 'cache')?.circuit).toBe('closed');

    const anonymous = await api.as().GET('/api/v1/admin/status');
    expect(anonymous.response.status).toBe(401);
    const customer = await registerCustomer(api.client);
    const asCustomer = await api.as(customer.token).GET('/api/v1/admin/status');
    expect(asCustomer.response.status).toBe(403);
  });

  it('shows the cache degraded with its circuit open, since when, and /metrics says the same', async () => {
    const { api } = await apiOnPrivateRedis({ HEALTH_CHECK_INTERVAL_SECONDS: '1' });
    const { startedAt } = await status(api);
    await redis?.kill();
    // Catalog reads fail over to the database; five failed cache calls open the circuit.
    for (let i = 0; i < 8; i++) expect((await api.client.get('/api/v1/products')).status).toBe(200);
    const cache = await eventually(async () => {
      const entry = (await status(api)).ports.find((port) => port.port === 'cache');
      return entry?.status === 'degraded' ? entry : undefined;
    }, 20_000);
    expect(cache).toMatchObject({ backend: 'redis', circuit: 'open', message: expect.any(String) });
    expect(Date.parse(cache?.changedAt ?? '')).toBeGreaterThan(Date.parse(startedAt));
    // Up time counts only the time a port's checks found it up: the cache's stops, the database's goes on.
    const upSeconds = (report: Awaited<ReturnType<typeof status>>, port: string) =>
      report.ports.find((entry) => entry.port === port)?.upSeconds ?? -1;
    const before = await status(api);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await status(api);
    expect(upSeconds(after, 'cache')).toBe(upSeconds(before, 'cache'));
    expect(upSeconds(after, 'database')).toBeGreaterThan(upSeconds(before, 'database') + 1.4);

    const metrics = await api.client.get('/metrics');
    expect(metrics.body).toMatch(/^cache_circuit_state\{cache="redis",state="open"\} 1$/m);
    expect(metrics.body).toMatch(/^cache_circuit_state\{cache="redis",state="closed"\} 0$/m);
    expect(metrics.body).toMatch(/^adapter_health\{port="cache",type="redis"\} 0.5$/m);
  });
});
