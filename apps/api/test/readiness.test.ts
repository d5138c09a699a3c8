import { execFileSync } from 'node:child_process';
import { afterEach, expect, it } from '@jest/globals';
import { describeWithService, freePort, privateRedisServer } from '@bharatmart/testkit';
import type { ChildServer } from '@bharatmart/testkit';
import type { TestApi } from './support.js';
import { startTestApi } from './support.js';

let redis: ChildServer | undefined;
let api: TestApi | undefined;

afterEach(async () => {
  await api?.app.stop();
  await redis?.kill();
  api = undefined;
  redis = undefined;
});

/** Starts a private redis-server and an API that caches in it. */
async function apiOnPrivateRedis(
  extra: Record<string, string> = {},
): Promise<{ api: TestApi; port: number }> {
  const port = await freePort();
  redis = privateRedisServer(port);
  await redis.start();
  api = await startTestApi({ CACHE_TYPE: 'redis', CACHE_REDIS_URL: `redis://127.0.0.1:${port}`, ...extra });
  return { api, port };
}

/** How many of `commands` the redis-server on `port` has answered (its own command statistics). */
function answered(port: number, ...commands: string[]): number {
  const stats = execFileSync('redis-cli', ['-p', String(port), 'INFO', 'commandstats'], { encoding: 'utf8' });
  return commands.reduce(
    (sum, command) => sum + Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0),
    0,
  );
}

const pingsAnswered = (port: number) => answered(port, 'ping');

type Entry = { name: string; type: string; status: string; latencyMs: number; message?: string };
const cacheEntry = (body: { adapters: Entry[] }) => body.adapters.find((adapter) => adapter.name === 'cache');

await describeWithService('redis', 'readiness is served from the last health check', () => {
  it('40 concurrent and 40 repeated /readyz and 5 /metrics requests check the cache once per interval', async () => {
    const { api, port } = await apiOnPrivateRedis({ HEALTH_CHECK_INTERVAL_SECONDS: '3600' });
    const before = pingsAnswered(port);
    const concurrent = await Promise.all(Array.from({ length: 40 }, () => api.client.get('/readyz')));
    const statuses = concurrent.map((response) => response.status);
    for (let i = 0; i < 40; i++) statuses.push((await api.client.get('/readyz')).status);
    for (let i = 0; i < 5; i++) statuses.push((await api.client.get('/metrics')).status);
    expect(statuses).toEqual(Array(85).fill(200));
    expect(cacheEntry(concurrent[0]?.body)).toEqual({
      name: 'cache',
      type: 'redis',
      status: 'up',
      latencyMs: expect.any(Number),
    });
    expect(pingsAnswered(port) - before).toBe(1);
  });

  it('with the cache server stopped and no traffic, /readyz is 200 with the cache degraded; only an admin sees why', async () => {
    const { api, port } = await apiOnPrivateRedis();
    await redis?.kill();
    for (let probe = 0; probe < 3; probe++) {
      const anonymous = await api.client.get('/readyz');
      expect(anonymous.status).toBe(200);
      expect(anonymous.body.status).toBe('ready');
      expect(cacheEntry(anonymous.body)).toEqual({
        name: 'cache',
        type: 'redis',
        status: 'degraded',
        latencyMs: expect.any(Number),
      });
      const text = JSON.stringify(anonymous.body);
      expect(text).not.toContain(String(port));
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toContain('message');
    }
    const customer = await api.client.post('/api/v1/auth/register', {
      email: `readiness-${port}@example.in`,
      password: 'correct horse battery',
      name: 'Ready',
    });
    const asCustomer = await api.client.get('/readyz', { token: customer.body.token });
    expect(JSON.stringify(asCustomer.body)).not.toContain('message');
    const asAdmin = await api.client.get('/readyz', { token: api.adminToken });
    expect(asAdmin.status).toBe(200);
    expect(cacheEntry(asAdmin.body)).toMatchObject({ status: 'degraded', message: expect.any(String) });
  });

  it('20 /metrics scrapes within an interval read the job counts from the queue once', async () => {
    const port = await freePort();
    redis = privateRedisServer(port);
    await redis.start();
    api = await startTestApi({
      WORKER_MODE: 'bull-queue',
      QUEUE_REDIS_URL: `redis://127.0.0.1:${port}`,
      HEALTH_CHECK_INTERVAL_SECONDS: '3600',
    });
    const first = await api.client.get('/metrics');
    expect(first.body).toMatch(/jobs\{queue="payment",state="waiting"\} 0/);
    const scripts = answered(port, 'evalsha', 'eval');
    for (let i = 0; i < 20; i++) expect((await api.client.get('/metrics')).status).toBe(200);
    expect(answered(port, 'evalsha', 'eval') - scripts).toBe(0);
  });
});
