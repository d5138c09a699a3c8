import { afterAll, expect, it } from '@jest/globals';
import { describeWithService, freePort, privateRedisServer } from '@bharatmart/testkit';
import type { ChildServer } from '@bharatmart/testkit';
import type { TestApi } from './support.js';
import { startTestApi } from './support.js';

let redis: ChildServer | undefined;
let api: TestApi | undefined;

afterAll(async () => {
  await api?.app.stop();
  await redis?.kill();
});

await describeWithService('redis', 'a cache outage never fails a request', () => {
  it('500 product reads with the cache server killed midway all succeed, and /readyz says degraded, not down', async () => {
    const port = await freePort();
    const server = privateRedisServer(port);
    redis = server;
    await server.start();
    api = await startTestApi({ CACHE_TYPE: 'redis', CACHE_REDIS_URL: `redis://127.0.0.1:${port}` });
    const product = (await api.client.get('/api/v1/products?limit=1')).body.items[0];
    const statuses: number[] = [];
    for (let i = 0; i < 500; i++) {
      if (i === 150) await server.kill();
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
    expect(metrics.body).toMatch(/cache_reads\{outcome="error"\} [1-9]/);
  });
});
