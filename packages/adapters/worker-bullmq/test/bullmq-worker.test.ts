import { afterAll, afterEach, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { JOB_NAMES, inspectsFailedJobs, offersDashboardQueues } from '@bharatmart/core';
import type { InspectableWorkerAdapter, IWorkerAdapter, Logger } from '@bharatmart/core';
import { describeWithService, serviceUrl } from '@bharatmart/testkit';
import { createBullmqWorker } from '../src/index.js';
import type { BullmqWorkerOptions } from '../src/index.js';
import { countKeys, deleteKeys, uniquePrefix } from './redis-test-keys.js';
import { until } from './wait.js';

const redisUrl = serviceUrl('redis');
const prefixes: string[] = [];
const adapters: IWorkerAdapter[] = [];

function open(
  options: Partial<BullmqWorkerOptions> = {},
  prefix = uniquePrefix('unit'),
): InspectableWorkerAdapter {
  prefixes.push(prefix);
  const adapter = createBullmqWorker({ redisUrl, prefix, ...options });
  adapters.push(adapter);
  return adapter;
}

await describeWithService('redis', 'createBullmqWorker', () => {
  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
  });

  afterAll(async () => {
    await deleteKeys(redisUrl, prefixes);
    for (const prefix of prefixes) expect(await countKeys(redisUrl, prefix)).toBe(0);
  });

  it('declares exact counts, deduplicated job ids, failed-job inspection and BullMQ queues for a dashboard', () => {
    const worker = open();
    expect([worker.dedupesJobIds, worker.countAccuracy]).toEqual([true, 'exact']);
    expect(inspectsFailedJobs(worker)).toBe(true);
    expect(offersDashboardQueues(worker) && worker.queueLibrary).toBe('bullmq');
    const queues = offersDashboardQueues(worker) ? worker.dashboardQueues() : [];
    expect(queues.every((queue) => queue instanceof Queue)).toBe(true);
    expect(queues.map((queue) => (queue as Queue).name)).toEqual([...JOB_NAMES]);
  });

  it('is named bull-queue and durable', () => {
    const worker = open();
    expect([worker.name, worker.durable]).toEqual(['bull-queue', true]);
  });

  it('rejects ids BullMQ reserves and invalid options', async () => {
    expect(() => createBullmqWorker({ redisUrl: '' })).toThrow(RangeError);
    expect(() => createBullmqWorker({ redisUrl, defaultAttempts: 0 })).toThrow(RangeError);
    const worker = open();
    await expect(worker.enqueue('email.welcome', { userId: 'u' }, { jobId: 'a:b' })).rejects.toThrow(
      RangeError,
    );
    await expect(worker.enqueue('email.welcome', { userId: 'u' }, { jobId: '42' })).rejects.toThrow(
      RangeError,
    );
    await expect(worker.enqueue('email.welcome', { userId: 'u' }, { delayMs: -1 })).rejects.toThrow(
      RangeError,
    );
    expect(() => worker.process('email.welcome', async () => undefined, { concurrency: 0 })).toThrow(
      RangeError,
    );
    expect((await worker.counts()).email.waiting).toBe(0);
  });

  it('keeps job ids apart per job name', async () => {
    const worker = open();
    await worker.enqueue('email.welcome', { userId: 'u' }, { jobId: 'same' });
    await worker.enqueue('order.invoice', { orderId: 'o' }, { jobId: 'same' });
    const counts = await worker.counts();
    expect([counts.email.waiting, counts.order.waiting]).toEqual([1, 1]);
  });

  it('accepts jobs after stop() (the queue is in Redis) but not after close()', async () => {
    const worker = open();
    await worker.start();
    await worker.stop();
    await expect(worker.start()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await worker.enqueue('payment.verify', { orderId: 'o' });
    expect((await worker.counts()).payment.waiting).toBe(1);
    await worker.close();
    await expect(worker.enqueue('payment.verify', { orderId: 'o' })).rejects.toMatchObject({
      adapter: 'bull-queue',
      code: 'UNAVAILABLE',
    });
    expect((await worker.health()).status).toBe('down');
  });

  it('puts a job whose handler ignores the stop back to waiting, with its try not counted', async () => {
    const prefix = uniquePrefix('abandon');
    const first = open({}, prefix);
    let release = (): void => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    first.process('order.inventory', async () => {
      started = true;
      await stuck; // ignores its signal
    });
    await first.start();
    await first.enqueue('order.inventory', { orderId: 'o' }, { jobId: 'abandoned' });
    await until(() => started);
    await first.stop({ timeoutMs: 50 });
    expect((await first.counts()).order).toMatchObject({ waiting: 1, active: 0 });
    release();

    const second = open({}, prefix);
    const attempts: number[] = [];
    second.process('order.inventory', async (job) => void attempts.push(job.attempt));
    await second.start();
    await until(() => attempts.length === 1);
    expect(attempts).toEqual([1]);
  });

  it('logs failed attempts with ids and messages, never payloads', async () => {
    const lines: { level: string; obj: object; msg?: string }[] = [];
    const logger: Logger = {
      info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
      error: (obj, msg) => void lines.push({ level: 'error', obj, msg }),
      debug: (obj, msg) => void lines.push({ level: 'debug', obj, msg }),
      child: () => logger,
    };
    const worker = open({ defaultAttempts: 2, defaultBackoff: { type: 'fixed', delayMs: 5 }, logger });
    worker.process('payment.charge', async () => {
      throw new Error('declined');
    });
    await worker.start();
    const id = await worker.enqueue('payment.charge', { orderId: 'secret-order' });
    await until(async () => (await worker.failedJobs()).length === 1);
    expect(lines.map((line) => line.level)).toEqual(['warn', 'error']);
    expect(lines[1]?.obj).toMatchObject({ jobId: id, job: 'payment.charge', attempt: 2, err: 'declined' });
    expect(JSON.stringify(lines)).not.toContain('secret-order');
  });
});
