import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMemoryCache } from '@bharatmart/cache-memory';
import { createRedisCache } from '@bharatmart/cache-redis';
import type { HealthStatus } from '@bharatmart/core';
import { eventually, freePort } from '@bharatmart/testkit';
import { HealthMonitor } from '../src/index.js';
import type { Container, HealthPort, MonitoredAdapter } from '../src/index.js';
import { testContainer, testLogger } from './support.js';

type Checked = { readonly name: string; health(): Promise<HealthStatus> };

/** The real adapter, with each call of its health check counted in `calls`. */
function counted(port: HealthPort, adapter: Checked, calls: Record<string, number>): MonitoredAdapter {
  calls[port] = 0;
  return {
    port,
    adapter: {
      name: adapter.name,
      health: () => {
        calls[port] = (calls[port] ?? 0) + 1;
        return adapter.health();
      },
    },
  };
}

describe('HealthMonitor', () => {
  let container: Container;

  beforeAll(async () => {
    container = await testContainer();
  });

  afterAll(async () => {
    await container.close(1000);
  });

  it('checks each adapter once for 20 concurrent and 20 repeated reports within an interval', async () => {
    const calls: Record<string, number> = {};
    const worker = container.worker;
    if (!worker) throw new Error('the embedded defaults have an in-process queue');
    const monitor = new HealthMonitor(
      [
        counted('database', container.db, calls),
        counted('cache', container.cache, calls),
        counted('secrets', container.secrets, calls),
        counted('worker', worker, calls),
      ],
      { intervalMs: 3_600_000, logger: testLogger },
    );
    try {
      const reports = await Promise.all(Array.from({ length: 20 }, () => monitor.report()));
      for (let i = 0; i < 20; i++) reports.push(await monitor.report());
      expect(calls).toEqual({ database: 1, cache: 1, secrets: 1, worker: 1 });
      expect(reports.every((report) => report.ready)).toBe(true);
      expect(reports[39]?.adapters.map(({ name, type, status }) => [name, type, status])).toEqual([
        ['database', 'pglite', 'up'],
        ['cache', 'memory', 'up'],
        ['secrets', 'env', 'up'],
        ['worker', 'in-process', 'up'],
      ]);
    } finally {
      monitor.close();
    }
  });

  it('remembers per adapter when it was checked, when its status changed and how long it was up', async () => {
    const cache = createMemoryCache();
    const monitor = new HealthMonitor([{ port: 'cache', adapter: cache }], {
      intervalMs: 50,
      logger: testLogger,
    });
    try {
      const first = await monitor.history();
      expect(first.adapters[0]).toMatchObject({ name: 'cache', status: 'up', changedAt: first.startedAt });
      expect(Date.parse(first.adapters[0]?.checkedAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(first.startedAt),
      );
      const up = await eventually(async () => {
        const report = await monitor.history();
        return (report.adapters[0]?.upSeconds ?? 0) > 0.1 ? report : undefined;
      }, 5_000);
      expect(up?.adapters[0]?.changedAt).toBe(first.startedAt);

      await cache.close();
      const down = await eventually(async () => {
        const report = await monitor.history();
        return report.adapters[0]?.status === 'down' ? report : undefined;
      }, 5_000);
      const changedAt = Date.parse(down?.adapters[0]?.changedAt ?? '');
      expect(changedAt).toBeGreaterThan(Date.parse(first.startedAt));
      expect(Date.parse(down?.adapters[0]?.checkedAt ?? '')).toBeGreaterThanOrEqual(changedAt);
      const upSeconds = down?.adapters[0]?.upSeconds ?? 0;
      expect(upSeconds).toBeGreaterThan(0.1);
      // Down time does not count as up time.
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await monitor.history()).adapters[0]?.upSeconds).toBe(upSeconds);
    } finally {
      monitor.close();
    }
  });

  it('reports a down optional adapter degraded and stays ready; a down required one makes it unready', async () => {
    const deadCache = createRedisCache({
      url: `redis://127.0.0.1:${await freePort()}`,
      commandTimeoutMs: 200,
      connectTimeoutMs: 200,
      logger: testLogger,
    });
    const adapters: MonitoredAdapter[] = [
      { port: 'database', adapter: container.db },
      { port: 'cache', adapter: deadCache },
    ];
    const optional = new HealthMonitor(adapters, {
      intervalMs: 3_600_000,
      optional: ['cache'],
      logger: testLogger,
    });
    const required = new HealthMonitor(adapters, { intervalMs: 3_600_000, logger: testLogger });
    try {
      const withOptional = await optional.report();
      expect(withOptional.ready).toBe(true);
      expect(withOptional.adapters[1]).toMatchObject({ name: 'cache', type: 'redis', status: 'degraded' });
      expect(withOptional.adapters[1]?.message).toMatch(/optional/);
      const withRequired = await required.report();
      expect(withRequired.ready).toBe(false);
      expect(withRequired.adapters[1]).toMatchObject({ name: 'cache', status: 'down' });
    } finally {
      optional.close();
      required.close();
      await deadCache.close();
    }
  });
});
