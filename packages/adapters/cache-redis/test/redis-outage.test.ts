import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ReadThroughCache, withCircuitBreaker } from '@bharatmart/core';
import type { ICacheAdapter } from '@bharatmart/core';
import {
  privateRedisServer,
  describeWithService,
  freePort,
  recordingLogger,
  waitUntil,
  within,
} from '@bharatmart/testkit';
import { createRedisCache } from '../src/index.js';
import type { ChildServer } from '@bharatmart/testkit';

const COMMAND_TIMEOUT_MS = 200;
/** Upper bound for any one read during the outage: the command timeout plus scheduling slack. */
const BOUND_MS = COMMAND_TIMEOUT_MS + 300;

await describeWithService('redis', 'redis outage behind the circuit breaker', () => {
  const servers: ChildServer[] = [];
  const caches: ICacheAdapter[] = [];

  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await Promise.all(servers.map((server) => server.kill()));
  });

  /** A private redis-server on a free port, a breaker-wrapped cache on it and a ReadThroughCache. */
  const setup = async () => {
    const port = await freePort();
    const server = privateRedisServer(port);
    servers.push(server);
    await server.start();
    const url = `redis://127.0.0.1:${port}`;
    const keyPrefix = `outage-${randomUUID()}:`;
    const { logger, lines, errors } = recordingLogger();
    const redis = createRedisCache({ url, keyPrefix, commandTimeoutMs: COMMAND_TIMEOUT_MS, logger });
    const cache = withCircuitBreaker(redis, { failureThreshold: 3, resetAfterMs: 300, logger });
    caches.push(cache);
    const reads = new ReadThroughCache(cache, logger);
    let computations = 0;
    const product = (id: string) => async () => {
      computations += 1;
      return { id, name: `product ${id}` };
    };
    const read = (id: string) => within(BOUND_MS, reads.getOrCompute(`products:item:${id}`, product(id), 60));
    // Reads the breaker failed fast, without calling Redis.
    const notAttempted = () => errors.filter((message) => message.includes('call not attempted')).length;
    return { server, url, keyPrefix, cache, reads, lines, read, notAttempted, computed: () => computations };
  };

  /** Waits until the breaker has closed again, then checks reads are served from Redis. */
  const expectServedFromRedisAgain = async (ctx: Awaited<ReturnType<typeof setup>>) => {
    await waitUntil('the breaker closing', 10_000, async () => (await ctx.cache.health()).status === 'up');
    expect(ctx.lines).toContain('info: cache circuit closed; cache back in use');
    const before = { hits: ctx.reads.stats.hits, computed: ctx.computed() };
    expect(await ctx.read('back')).toEqual({ id: 'back', name: 'product back' });
    expect(await ctx.read('back')).toEqual({ id: 'back', name: 'product back' });
    expect(ctx.reads.stats.hits).toBe(before.hits + 1);
    expect(ctx.computed()).toBe(before.computed + 1);
    const raw = new Redis(ctx.url, { lazyConnect: true });
    expect(JSON.parse((await raw.get(`${ctx.keyPrefix}products:item:back`)) ?? 'null')).toEqual({
      id: 'back',
      name: 'product back',
    });
    raw.disconnect();
  };

  it('serves all 200 reads from the source while redis is dead, each within the timeout, and uses redis again after a restart', async () => {
    const ctx = await setup();
    expect(await ctx.read('warm')).toEqual({ id: 'warm', name: 'product warm' });
    expect(await ctx.read('warm')).toEqual({ id: 'warm', name: 'product warm' });
    expect(ctx.reads.stats).toEqual({ hits: 1, misses: 1, errors: 0 });

    await ctx.server.kill();
    for (let batch = 0; batch < 10; batch++) {
      const ids = Array.from({ length: 20 }, (_, i) => String(batch * 20 + i));
      const values = await Promise.all(ids.map((id) => ctx.read(id)));
      expect(values).toEqual(ids.map((id) => ({ id, name: `product ${id}` })));
    }
    expect(ctx.reads.stats.errors).toBe(200);
    expect(ctx.computed()).toBe(201);
    expect(ctx.notAttempted()).toBeGreaterThanOrEqual(150);
    expect((await ctx.cache.health()).status).toBe('degraded');
    expect(ctx.lines.filter((line) => line.includes('cache circuit opened'))).toHaveLength(1);

    await ctx.server.start();
    await expectServedFromRedisAgain(ctx);
  });

  it('bounds every read by the command timeout while redis is frozen, and recovers when it thaws', async () => {
    const ctx = await setup();
    expect(await ctx.read('warm')).toEqual({ id: 'warm', name: 'product warm' });

    await ctx.server.freeze();
    for (let i = 0; i < 50; i++) {
      expect(await ctx.read(`frozen-${i}`)).toEqual({ id: `frozen-${i}`, name: `product frozen-${i}` });
    }
    expect(ctx.reads.stats.errors).toBe(50);
    expect(ctx.notAttempted()).toBeGreaterThanOrEqual(40);
    expect(ctx.lines).toContainEqual(expect.stringMatching(/cache circuit opened after 3 consecutive/));

    ctx.server.thaw();
    await expectServedFromRedisAgain(ctx);
  });
});
