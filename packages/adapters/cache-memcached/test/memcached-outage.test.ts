import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from '@jest/globals';
import { ReadThroughCache, withCircuitBreaker } from '@bharatmart/core';
import type { ICacheAdapter } from '@bharatmart/core';
import {
  ChildServer,
  describeWithService,
  freePort,
  recordingLogger,
  waitUntil,
  within,
} from '@bharatmart/testkit';
import { createMemcachedCache } from '../src/index.js';

const TIMEOUT_MS = 200;
/** Upper bound for any one read during the outage: the operation timeout plus scheduling slack. */
const BOUND_MS = TIMEOUT_MS + 300;

await describeWithService('memcached', 'memcached outage behind the circuit breaker', () => {
  const servers: ChildServer[] = [];
  const caches: ICacheAdapter[] = [];

  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await Promise.all(servers.map((server) => server.kill()));
  });

  const setup = async () => {
    const port = await freePort();
    const server = new ChildServer(
      'memcached',
      ['-u', 'root', '-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '16'],
      port,
    );
    servers.push(server);
    await server.start();
    const { logger, lines, errors } = recordingLogger();
    const memcached = createMemcachedCache({
      servers: `127.0.0.1:${port}`,
      keyPrefix: `outage-${randomUUID()}:`,
      timeoutMs: TIMEOUT_MS,
      logger,
    });
    const cache = withCircuitBreaker(memcached, { failureThreshold: 3, resetAfterMs: 300, logger });
    caches.push(cache);
    const reads = new ReadThroughCache(cache, logger);
    let computations = 0;
    const read = (id: string) =>
      within(
        BOUND_MS,
        reads.getOrCompute(
          `products:item:${id}`,
          async () => {
            computations += 1;
            return { id };
          },
          60,
        ),
      );
    const notAttempted = () => errors.filter((message) => message.includes('call not attempted')).length;
    return { server, cache, reads, lines, read, notAttempted, computed: () => computations };
  };

  const expectServedFromMemcachedAgain = async (ctx: Awaited<ReturnType<typeof setup>>) => {
    await waitUntil('the breaker closing', 10_000, async () => (await ctx.cache.health()).status === 'up');
    expect(ctx.lines).toContain('info: cache circuit closed; cache back in use');
    const before = { hits: ctx.reads.stats.hits, computed: ctx.computed() };
    expect(await ctx.read('back')).toEqual({ id: 'back' });
    expect(await ctx.read('back')).toEqual({ id: 'back' });
    expect(ctx.reads.stats.hits).toBe(before.hits + 1);
    expect(ctx.computed()).toBe(before.computed + 1);
  };

  it('serves 60 reads from the source while memcached is dead, each within the timeout, and uses it again after a restart', async () => {
    const ctx = await setup();
    expect(await ctx.read('warm')).toEqual({ id: 'warm' });
    expect(await ctx.read('warm')).toEqual({ id: 'warm' });
    expect(ctx.reads.stats).toEqual({ hits: 1, misses: 1, errors: 0 });

    await ctx.server.kill();
    for (let batch = 0; batch < 3; batch++) {
      const ids = Array.from({ length: 20 }, (_, i) => String(batch * 20 + i));
      expect(await Promise.all(ids.map((id) => ctx.read(id)))).toEqual(ids.map((id) => ({ id })));
    }
    expect(ctx.reads.stats.errors).toBe(60);
    expect(ctx.notAttempted()).toBeGreaterThanOrEqual(30);
    expect((await ctx.cache.health()).status).toBe('degraded');

    await ctx.server.start();
    await expectServedFromMemcachedAgain(ctx);
  });

  it('bounds every read by the timeout while memcached is frozen, and recovers when it thaws', async () => {
    const ctx = await setup();
    expect(await ctx.read('warm')).toEqual({ id: 'warm' });

    await ctx.server.freeze();
    for (let i = 0; i < 20; i++) {
      expect(await ctx.read(`frozen-${i}`)).toEqual({ id: `frozen-${i}` });
    }
    expect(ctx.reads.stats.errors).toBe(20);
    expect(ctx.notAttempted()).toBeGreaterThanOrEqual(15);

    ctx.server.thaw();
    await expectServedFromMemcachedAgain(ctx);
  });
});
