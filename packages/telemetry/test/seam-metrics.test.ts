import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMemoryCache } from '@bharatmart/cache-memory';
import { PermanentJobError, reportsActivePath } from '@bharatmart/core';
import type { IDatabaseAdapter, IWorkerAdapter } from '@bharatmart/core';
import { PGLITE_MEMORY, createPgliteDatabase } from '@bharatmart/database-pglite';
import { createInProcessWorker } from '@bharatmart/worker-in-process';
import { SeamMetrics, instrumentCache, instrumentDatabase, instrumentWorker } from '../src/index.js';

/** The value of a sample of `metric` in the registry's text exposition, or undefined. */
async function sample(metrics: SeamMetrics, metric: string, labels: string): Promise<number | undefined> {
  const line = (await metrics.registry.metrics())
    .split('\n')
    .find((text) => text.startsWith(`${metric}{`) && text.includes(labels));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('database calls', () => {
  const metrics = new SeamMetrics();
  let db: IDatabaseAdapter;
  beforeAll(async () => {
    const raw = createPgliteDatabase({ dataDir: PGLITE_MEMORY });
    await raw.migrations.latest();
    db = instrumentDatabase(raw, { backend: () => 'pglite', metrics, tracing: false });
  });
  afterAll(() => db.close());

  it('times each repository method under the backend and repository.method', async () => {
    await db.products.count();
    await db.products.count();
    await db.users.findByEmail('nobody@example.in');
    expect(
      await sample(
        metrics,
        'db_operation_duration_seconds_count',
        'backend="pglite",method="products.count"',
      ),
    ).toBe(2);
    expect(
      await sample(
        metrics,
        'db_operation_duration_seconds_count',
        'backend="pglite",method="users.findByEmail"',
      ),
    ).toBe(1);
  });

  it('times a failing call too, and rethrows its error unchanged', async () => {
    const product = {
      sku: 'SEAM-1',
      name: 'Seam product',
      description: 'measured',
      price: 1_000,
      currency: 'INR' as const,
      stock: 1,
      category: 'test',
    };
    await db.products.create(product);
    await expect(db.products.create(product)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(
      await sample(
        metrics,
        'db_operation_duration_seconds_count',
        'backend="pglite",method="products.create"',
      ),
    ).toBe(2);
  });

  it('leaves the rest of the adapter as it was: name, capabilities, migrations', async () => {
    expect(db.name).toBe('pglite');
    expect(reportsActivePath(db)).toBe(false);
    expect((await db.migrations.status()).every((migration) => migration.appliedAt)).toBe(true);
    expect((await db.health()).status).toBe('up');
  });
});

describe('cache calls', () => {
  const metrics = new SeamMetrics();
  const cache = instrumentCache(createMemoryCache(), { cache: 'memory', metrics, tracing: false });
  afterAll(() => cache.close());
  const count = (operation: string, outcome: string) =>
    sample(metrics, 'cache_operations_total', `cache="memory",operation="${operation}",outcome="${outcome}"`);

  it('counts reads as hit or miss (a failed computation too), writes as ok and calls the cache failed as error', async () => {
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', 1);
    expect(await cache.get('k')).toBe(1);
    expect(await cache.getOrSet('g', () => Promise.resolve(2))).toBe(2);
    expect(await cache.getOrSet('g', () => Promise.resolve(3))).toBe(2);
    await expect(cache.getOrSet('h', () => Promise.reject(new Error('compute failed')))).rejects.toThrow(
      'compute failed',
    );
    await cache.delete('k');
    await expect(cache.set('big', 10n)).rejects.toThrow();
    expect(await count('get', 'miss')).toBe(1);
    expect(await count('get', 'hit')).toBe(1);
    expect(await count('set', 'ok')).toBe(1);
    expect(await count('getOrSet', 'miss')).toBe(2);
    expect(await count('getOrSet', 'hit')).toBe(1);
    expect(await count('getOrSet', 'error')).toBeUndefined();
    expect(await count('set', 'error')).toBe(1);
    expect(await count('delete', 'ok')).toBe(1);
  });
});

describe('job tries', () => {
  const metrics = new SeamMetrics();
  let worker: IWorkerAdapter;
  beforeAll(() => {
    worker = instrumentWorker(createInProcessWorker({ defaultBackoff: { type: 'fixed', delayMs: 10 } }), {
      metrics,
      tracing: false,
    });
  });
  afterAll(() => worker.stop({ timeoutMs: 1000 }));
  const tries = (job: string, outcome: string) =>
    sample(metrics, 'job_duration_seconds_count', `job_name="${job}",outcome="${outcome}"`);

  it('times each try as completed, retried (tries left) or failed (for good)', async () => {
    const done: string[] = [];
    let verifyTries = 0;
    worker.process('payment.verify', async ({ payload }) => {
      verifyTries += 1;
      if (verifyTries === 1) throw new Error('gateway busy');
      done.push(payload.orderId);
    });
    worker.process('payment.refund', async () => {
      throw new PermanentJobError('nothing to refund');
    });
    worker.process('order.invoice', async () => {
      throw new Error('always failing');
    });
    await worker.start();
    await worker.enqueue('payment.verify', { orderId: 'o-1' }, { attempts: 3 });
    await worker.enqueue('payment.refund', { orderId: 'o-2' }, { attempts: 3 });
    await worker.enqueue('order.invoice', { orderId: 'o-3' }, { attempts: 2 });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await tries('order.invoice', 'failed')) === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(done).toEqual(['o-1']);
    expect(await tries('payment.verify', 'retried')).toBe(1);
    expect(await tries('payment.verify', 'completed')).toBe(1);
    expect(await tries('payment.refund', 'failed')).toBe(1);
    expect(await tries('payment.refund', 'retried')).toBeUndefined();
    expect(await tries('order.invoice', 'retried')).toBe(1);
    expect(await tries('order.invoice', 'failed')).toBe(1);
  });

  it('keeps the adapter capabilities (failed-job inspection)', async () => {
    const inspectable = worker as IWorkerAdapter & { failedJobs?: () => Promise<unknown[]> };
    expect(typeof inspectable.failedJobs).toBe('function');
    expect((await inspectable.failedJobs?.())?.length).toBe(2);
  });
});
