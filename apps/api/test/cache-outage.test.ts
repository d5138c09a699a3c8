import { afterAll, expect, it } from '@jest/globals';
import { describeWithService, freePort, privateRedisServer, waitUntil } from '@bharatmart/testkit';
import type { ChildServer } from '@bharatmart/testkit';
import type { TestApi } from './support.js';
import { startTestApi } from './support.js';

let redis: ChildServer | undefined;
let api: TestApi | undefined;

afterAll(async () => {
  await api?.app.stop();
  await redis?.kill();
});

/** The JSON log lines (pino, on the API's stdout) written after `offset` characters of output. */
function logLinesAfter(output: string, offset: number): { level: number; msg: string }[] {
  return output
    .slice(offset)
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });
}

await describeWithService('redis', 'a cache outage never fails a request', () => {
  it('500 product reads with the cache server killed midway all succeed, /readyz says degraded, the log says it once, /metrics counts every bypass', async () => {
    const port = await freePort();
    const server = privateRedisServer(port);
    redis = server;
    await server.start();
    api = await startTestApi({ CACHE_TYPE: 'redis', CACHE_REDIS_URL: `redis://127.0.0.1:${port}` });
    const product = (await api.client.get('/api/v1/products?limit=1')).body.items[0];
    const statuses: number[] = [];
    let offset = 0;
    for (let i = 0; i < 500; i++) {
      if (i === 150) {
        offset = api.app.output().length;
        await server.kill();
      }
      const response = await api.client.get(
        i % 2 ? `/api/v1/products/${product.id}` : '/api/v1/products?limit=5',
      );
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const ready = await api.client.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.adapters.find((adapter: { name: string }) => adapter.name === 'cache')).toMatchObject({
      type: 'redis',
      status: 'degraded',
    });
    const metrics = await api.client.get('/metrics');
    // Every read after the kill (one per request) bypassed the cache.
    expect(metrics.body).toMatch(/cache_bypassed_calls_total\{operation="read"\} 350\n/);
    expect(metrics.body).toMatch(/cache_reads_total\{outcome="error"\} 350\n/);

    await server.start();
    await waitUntil('the cache answering again', 30_000, async () => {
      const readyz = await api!.client.get('/readyz');
      return readyz.body.adapters.some(
        (a: { name: string; status: string }) => a.name === 'cache' && a.status === 'up',
      );
    });
    expect((await api.client.get(`/api/v1/products/${product.id}`)).status).toBe(200);
    // Two sources, each once per direction, whatever the number of requests: the cache's circuit
    // breaker (calls failing) and the health monitor (readiness changing).
    const outage = logLinesAfter(api.app.output(), offset);
    expect(
      outage
        .filter((line) => line.level >= 40)
        .map((line) => line.msg)
        .sort(),
    ).toEqual([
      'cache adapter is degraded',
      'cache redis unavailable; bypassed (reads go to the database) until it answers again',
    ]);
    // Of the info lines, the cache's: the in-process jobs log their own runs meanwhile.
    expect(
      outage
        .filter((line) => line.level === 30 && line.msg.includes('cache'))
        .map((line) => line.msg)
        .sort(),
    ).toEqual(['cache adapter is up again', 'cache redis answers again; back in use']);
    expect(api.app.output().slice(offset)).not.toContain('"stack"');
  });
});
