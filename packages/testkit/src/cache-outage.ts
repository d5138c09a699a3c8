import { afterAll, expect, it } from '@jest/globals';
import { ReadThroughCache } from '@bharatmart/core';
import type { ICacheAdapter, Logger } from '@bharatmart/core';
import { recordingLogger, waitUntil, within } from './child-server.js';
import type { ChildServer } from './child-server.js';

/** What a networked cache's outage scenario needs from its adapter package. */
export interface CacheOutageFixture {
  /** A private server for one test (see `privateRedisServer`), not started yet. */
  server(): Promise<ChildServer>;
  /**
   * The adapter on `server`, failing each call within `timeoutMs` and behind a circuit breaker
   * with `circuitBreaker`, logging to `logger`.
   */
  createCache(options: {
    server: ChildServer;
    timeoutMs: number;
    circuitBreaker: { failureThreshold: number; halfOpenAfterMs: number };
    logger: Logger;
  }): ICacheAdapter;
}

const TIMEOUT_MS = 200;
/**
 * Upper bound for any one read during the outage: the operation timeout plus scheduling slack for a
 * loaded 2-core CI machine. A read that waited for the dead server instead (a TCP connect timeout,
 * a command queued until reconnection) would take many seconds or never settle.
 */
const BOUND_MS = TIMEOUT_MS + 1_500;

/**
 * The outage scenarios every networked cache passes (call it inside `describeWithService`): with
 * its server killed, or frozen, every read through ReadThroughCache is served from the source
 * within the timeout, the breaker fails most calls without touching the server, the log gets one
 * line when the cache goes and one when it returns, and reads use the cache again afterwards.
 */
export function describeCacheOutage(label: string, fixture: CacheOutageFixture): void {
  const servers: ChildServer[] = [];
  const caches: ICacheAdapter[] = [];

  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await Promise.all(servers.map((server) => server.kill()));
  });

  const setup = async () => {
    const server = await fixture.server();
    servers.push(server);
    await server.start();
    const { logger, lines } = recordingLogger();
    const adapter = fixture.createCache({
      server,
      timeoutMs: TIMEOUT_MS,
      circuitBreaker: { failureThreshold: 3, halfOpenAfterMs: 300 },
      logger,
    });
    caches.push(adapter);
    // Keeps the message of each failed cache call, to tell calls the breaker refused.
    const failures: string[] = [];
    const cache: ICacheAdapter = {
      ...adapter,
      getOrSet: (key, compute, ttl) =>
        adapter.getOrSet(key, compute, ttl).catch((error: unknown) => {
          failures.push(error instanceof Error ? error.message : String(error));
          throw error;
        }),
    };
    const reads = new ReadThroughCache(cache, logger);
    let computations = 0;
    const read = (id: string) =>
      within(
        BOUND_MS,
        reads.getOrCompute(
          `products:item:${id}`,
          async () => {
            computations += 1;
            return { id, name: `product ${id}` };
          },
          60,
        ),
      );
    const notAttempted = () => failures.filter((message) => message.includes('call not attempted')).length;
    const logged = (level: string) => lines.filter((line) => line.startsWith(`${level}:`));
    return { server, cache, reads, logged, read, notAttempted, computed: () => computations };
  };

  const expectServedFromCacheAgain = async (ctx: Awaited<ReturnType<typeof setup>>) => {
    await waitUntil('the breaker closing', 10_000, async () => (await ctx.cache.health()).status === 'up');
    const before = { hits: ctx.reads.stats.hits, computed: ctx.computed() };
    expect(await ctx.read('back')).toEqual({ id: 'back', name: 'product back' });
    expect(await ctx.read('back')).toEqual({ id: 'back', name: 'product back' });
    expect(ctx.reads.stats.hits).toBe(before.hits + 1);
    expect(ctx.computed()).toBe(before.computed + 1);
    expect(ctx.logged('warn')).toEqual([expect.stringMatching(/^warn: cache \S+ unavailable; bypassed/)]);
    expect(ctx.logged('info')).toEqual([
      expect.stringMatching(/^info: cache \S+ answers again; back in use/),
    ]);
  };

  it(`${label}: serves 200 reads from the source while the server is dead, each within the timeout, logs the outage once, and uses the cache again after a restart`, async () => {
    const ctx = await setup();
    expect(await ctx.read('warm')).toEqual({ id: 'warm', name: 'product warm' });
    expect(await ctx.read('warm')).toEqual({ id: 'warm', name: 'product warm' });
    expect(ctx.reads.stats).toMatchObject({ hits: 1, misses: 1, errors: 0 });

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
    expect(ctx.logged('warn')).toHaveLength(1);
    expect(ctx.logged('info')).toEqual([]);

    await ctx.server.start();
    await expectServedFromCacheAgain(ctx);
  });

  it(`${label}: bounds every read by the timeout while the server is frozen, and recovers when it thaws`, async () => {
    const ctx = await setup();
    expect(await ctx.read('warm')).toEqual({ id: 'warm', name: 'product warm' });

    await ctx.server.freeze();
    for (let i = 0; i < 50; i++) {
      expect(await ctx.read(`frozen-${i}`)).toEqual({ id: `frozen-${i}`, name: `product frozen-${i}` });
    }
    expect(ctx.reads.stats.errors).toBe(50);
    expect(ctx.notAttempted()).toBeGreaterThanOrEqual(40);

    ctx.server.thaw();
    await expectServedFromCacheAgain(ctx);
  });
}
