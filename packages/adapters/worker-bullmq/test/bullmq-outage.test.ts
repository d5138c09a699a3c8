import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AdapterError } from '@bharatmart/core';
import type { IWorkerAdapter } from '@bharatmart/core';
import { freePort, privateRedisServer } from '@bharatmart/testkit';
import type { ChildServer } from '@bharatmart/testkit';
import { createBullmqWorker } from '../src/index.js';
import { PRODUCER_TIMEOUT_MS } from '../src/redis-connections.js';
import { uniquePrefix } from './redis-test-keys.js';
import { killAllWorkerProcesses, startWorkerProcess } from './worker-process.js';
import { sleep, until } from './wait.js';

/** Generous bound: proves a call settles instead of hanging; not a claim about speed. */
const BOUND_MS = PRODUCER_TIMEOUT_MS + 10_000;

/** How `promise` settled within BOUND_MS, or `hung`. */
async function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown } | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), BOUND_MS)));
  const outcome = await Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    hung,
  ]);
  clearTimeout(timer);
  return outcome;
}

describe('bull-queue worker while its Redis is down (private redis-server)', () => {
  let server: ChildServer;
  let redisUrl: string;
  const adapters: IWorkerAdapter[] = [];
  const open = (): IWorkerAdapter => {
    const adapter = createBullmqWorker({ redisUrl: redisUrl, prefix: uniquePrefix('outage') });
    adapters.push(adapter);
    return adapter;
  };

  beforeAll(async () => {
    const port = await freePort();
    server = privateRedisServer(port);
    redisUrl = `redis://127.0.0.1:${port}`;
    await server.start();
  });

  afterAll(async () => {
    await killAllWorkerProcesses();
    await Promise.all(adapters.map((adapter) => adapter.close()));
    await server.kill();
  });

  it('rejects enqueue with UNAVAILABLE and reports down while Redis is down, and works again once it is back', async () => {
    const worker = open();
    const runs: string[] = [];
    worker.process('email.welcome', async (job) => void runs.push(job.payload.userId));
    await worker.start();
    await worker.enqueue('email.welcome', { userId: 'before' });
    await until(() => runs.length === 1);
    expect((await worker.health()).status).toBe('up');

    await server.kill();
    const during = await settled(worker.enqueue('email.welcome', { userId: 'during' }));
    expect(during).not.toBe('hung');
    const error = (during as { error?: unknown }).error;
    expect(error).toBeInstanceOf(AdapterError);
    expect(error).toMatchObject({ adapter: 'bull-queue', code: 'UNAVAILABLE' });
    expect(await settled(worker.health())).toMatchObject({ value: { status: 'down' } });

    await server.start();
    // As the outbox relay does: try again until the queue accepts the job.
    await until(() =>
      worker.enqueue('email.welcome', { userId: 'after' }).then(
        () => true,
        () => false,
      ),
    );
    await until(() => runs.length === 2);
    expect(runs).toEqual(['before', 'after']);
    expect((await worker.health()).status).toBe('up');
  });

  it('fails enqueue while Redis is unreachable from the start, and starts consuming once it is up', async () => {
    await server.kill();
    const worker = open();
    const idle = open();
    const runs: string[] = [];
    worker.process('email.welcome', async (job) => void runs.push(job.payload.userId));
    idle.process('order.invoice', async () => undefined);
    await Promise.all([worker.start(), idle.start()]);
    const outcome = await settled(worker.enqueue('email.welcome', { userId: 'never' }));
    expect(outcome).toMatchObject({ error: { adapter: 'bull-queue', code: 'UNAVAILABLE' } });
    expect(await settled(worker.health())).toMatchObject({ value: { status: 'down' } });
    // Closing does not wait for Redis.
    expect(await settled(idle.close())).toEqual({ value: undefined });

    await server.start();
    await until(() =>
      worker.enqueue('email.welcome', { userId: 'late' }).then(
        () => true,
        () => false,
      ),
    );
    await until(() => runs.length === 1);
    expect(runs).toEqual(['late']);
  });

  it('lets a worker process whose Redis died stop on SIGTERM and exit on its own with code 0', async () => {
    const child = await startWorkerProcess({
      REDIS_URL: redisUrl,
      PREFIX: uniquePrefix('outage'),
      JOB_MS: 10,
      CONCURRENCY: 1,
      LOCK_MS: 2000,
      STALLED_MS: 1000,
      STOP_TIMEOUT_MS: 1000,
    });
    await sleep(200); // let its worker connect and block waiting for jobs
    await server.kill();
    child.child.kill('SIGTERM');
    // Exits once BullMQ's blocking-fetch watchdog (drainDelay 5 s + 1 s) has fired: no hang, no leak.
    expect(await settled(child.exited)).toEqual({ value: 0 });
    expect(child.output()).toContain(`stopped ${child.pid}`);
    await server.start();
  });
});
