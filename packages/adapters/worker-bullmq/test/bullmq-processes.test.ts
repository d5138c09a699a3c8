import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { IWorkerAdapter } from '@bharatmart/core';
import { describeWithService, serviceUrl } from '@bharatmart/testkit';
import { createBullmqWorker } from '../src/index.js';
import { countKeys, deleteKeys, uniquePrefix } from './redis-test-keys.js';
import { killAllWorkerProcesses, startWorkerProcess } from './worker-process.js';
import type { WorkerProcess, WorkerProcessEnv } from './worker-process.js';
import { sleep, until } from './wait.js';

const redisUrl = serviceUrl('redis');
const prefixes: string[] = [];
const producers: IWorkerAdapter[] = [];
let redis: Redis;

/** A fresh prefix, a producer adapter on it and the fixture settings for worker processes on it. */
function setup(label: string, settings: Partial<WorkerProcessEnv> = {}) {
  const prefix = uniquePrefix(label);
  prefixes.push(prefix);
  const producer = createBullmqWorker({ redisUrl, prefix });
  producers.push(producer);
  const env: WorkerProcessEnv = {
    REDIS_URL: redisUrl,
    PREFIX: prefix,
    JOB_MS: 50,
    CONCURRENCY: 1,
    LOCK_MS: 2000,
    STALLED_MS: 1000,
    STOP_TIMEOUT_MS: 10_000,
    ...settings,
  };
  const list = (name: 'started' | 'finished'): Promise<string[]> =>
    redis.lrange(`${prefix}:record:${name}`, 0, -1);
  const runs = async (ids: string[]): Promise<number[]> =>
    (await redis.mget(ids.map((id) => `${prefix}:record:runs:${id}`))).map(Number);
  return { prefix, producer, env, list, runs };
}

/** SIGTERMs `worker` and resolves with its exit code. */
function terminate(worker: WorkerProcess): Promise<number | null> {
  worker.child.kill('SIGTERM');
  return worker.exited;
}

await describeWithService('redis', 'bull-queue worker processes', () => {
  beforeAll(() => {
    redis = new Redis(redisUrl);
  });

  afterAll(async () => {
    await killAllWorkerProcesses();
    await Promise.all(producers.map((producer) => producer.close()));
    await deleteKeys(redisUrl, prefixes);
    for (const prefix of prefixes) expect(await countKeys(redisUrl, prefix)).toBe(0);
    await redis.quit();
  });

  describe('two processes consuming one queue', () => {
    const ctx = setup('pair', { JOB_MS: 100 });
    let a: WorkerProcess;
    let b: WorkerProcess;
    beforeAll(async () => {
      [a, b] = await Promise.all([startWorkerProcess(ctx.env), startWorkerProcess(ctx.env)]);
    });
    afterAll(async () => {
      expect(await Promise.all([terminate(a), terminate(b)])).toEqual([0, 0]);
    });

    it('runs every job exactly once, spread over both processes', async () => {
      const ids = Array.from({ length: 20 }, (_, i) => `pair@${i}`);
      for (const id of ids) await ctx.producer.enqueue('order.inventory', { orderId: id }, { jobId: id });
      await until(async () => (await ctx.producer.counts()).order.completed === ids.length);
      expect(await ctx.runs(ids)).toEqual(ids.map(() => 1));
      const finished = await ctx.list('finished');
      expect(finished).toHaveLength(ids.length);
      const pids = new Set(finished.map((line) => Number(line.split(' ')[1])));
      expect([...pids].sort()).toEqual([a.pid, b.pid].sort());
    });

    it('runs a job enqueued twice with one id (by two producers, and again after it ran) once', async () => {
      const second = createBullmqWorker({ redisUrl, prefix: ctx.prefix });
      producers.push(second);
      const id = 'order.inventory@same';
      const ids = await Promise.all([
        ctx.producer.enqueue('order.inventory', { orderId: 'same' }, { jobId: id }),
        second.enqueue('order.inventory', { orderId: 'same' }, { jobId: id }),
      ]);
      expect(ids).toEqual([id, id]);
      await until(async () => (await ctx.runs([id]))[0] === 1);
      expect(await second.enqueue('order.inventory', { orderId: 'same' }, { jobId: id })).toBe(id);
      await sleep(500);
      expect(await ctx.runs([id])).toEqual([1]);
      expect((await ctx.list('started')).filter((line) => line.startsWith(`${id} `))).toHaveLength(1);
    });
  });

  it('hands a job whose worker process was killed mid-run to another process once its lock expired', async () => {
    const ctx = setup('stalled');
    const doomed = await startWorkerProcess({ ...ctx.env, JOB_MS: 600_000 });
    const id = await ctx.producer.enqueue('order.inventory', { orderId: 'long' });
    await until(async () => (await ctx.list('started')).length === 1);
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBeNull();
    const rescuer = await startWorkerProcess({ ...ctx.env, JOB_MS: 50 });
    await until(async () => (await ctx.list('finished')).length === 1);
    // The crash did not use up a try: the rescuer runs attempt 1 again.
    expect(await ctx.list('started')).toEqual([`${id} ${doomed.pid} 1`, `${id} ${rescuer.pid} 1`]);
    expect(await ctx.list('finished')).toEqual([`${id} ${rescuer.pid} 1`]);
    expect((await ctx.producer.counts()).order).toMatchObject({
      completed: 1,
      active: 0,
      waiting: 0,
      failed: 0,
    });
    expect(await terminate(rescuer)).toBe(0);
  });

  it('on SIGTERM finishes the jobs it is running, takes no new ones, and exits with code 0', async () => {
    const ctx = setup('sigterm', { JOB_MS: 1500, CONCURRENCY: 3 });
    const worker = await startWorkerProcess(ctx.env);
    const ids = Array.from({ length: 5 }, (_, i) => `sigterm@${i}`);
    for (const id of ids) await ctx.producer.enqueue('order.inventory', { orderId: id }, { jobId: id });
    await until(async () => (await ctx.list('started')).length === 3);
    expect(await terminate(worker)).toBe(0);
    expect(worker.output()).toContain(`stopped ${worker.pid}`);
    const finished = await ctx.list('finished');
    expect(finished.sort()).toEqual((await ctx.list('started')).sort());
    expect(finished).toHaveLength(3);
    expect((await ctx.producer.counts()).order).toMatchObject({ completed: 3, active: 0, waiting: 2 });
  });
});
