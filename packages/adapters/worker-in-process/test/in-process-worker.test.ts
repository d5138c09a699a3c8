import { spawn } from 'node:child_process';
import { inspectsFailedJobs, offersDashboardQueues } from '@bharatmart/core';
import type { JobCounts, Logger } from '@bharatmart/core';
import { describeWorkerContract } from '@bharatmart/testkit';
import { backoffDelayMs } from '../src/backoff.js';
import { createInProcessWorker } from '../src/index.js';

describeWorkerContract('in-process', async () => createInProcessWorker());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
const only = (delta: Partial<JobCounts>): JobCounts => ({
  waiting: 0,
  delayed: 0,
  active: 0,
  completed: 0,
  failed: 0,
  ...delta,
});

describe('createInProcessWorker', () => {
  it('declares exact counts, deduplicated job ids and failed-job inspection, and no dashboard queues', async () => {
    const worker = createInProcessWorker();
    expect([worker.durable, worker.dedupesJobIds, worker.countAccuracy]).toEqual([false, true, 'exact']);
    expect(inspectsFailedJobs(worker)).toBe(true);
    expect(offersDashboardQueues(worker)).toBe(false);
    await worker.close();
  });

  it('is named in-process and not durable', () => {
    const worker = createInProcessWorker();
    expect([worker.name, worker.durable]).toEqual(['in-process', false]);
  });

  it('keeps jobs enqueued before start() waiting until start()', async () => {
    const worker = createInProcessWorker();
    let runs = 0;
    worker.process('email.welcome', async () => void (runs += 1));
    await worker.enqueue('email.welcome', { userId: 'u' });
    await sleep(50);
    expect(runs).toBe(0);
    expect((await worker.counts()).email).toEqual(only({ waiting: 1 }));
    await worker.start();
    await until(() => runs === 1);
    await worker.close();
  });

  it('starts nothing new once stopped, refuses new jobs and reports down', async () => {
    const worker = createInProcessWorker();
    let runs = 0;
    worker.process('order.invoice', async () => void (runs += 1));
    await worker.stop();
    await expect(worker.enqueue('order.invoice', { orderId: 'o' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    await expect(worker.start()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await worker.health()).status).toBe('down');
    expect(runs).toBe(0);
  });

  it('returns a job abandoned by stop() to waiting when its handler then fails', async () => {
    const worker = createInProcessWorker();
    let settled = false;
    worker.process('payment.verify', async (job) => {
      await new Promise((resolve) => job.signal.addEventListener('abort', resolve));
      settled = true;
      throw job.signal.reason;
    });
    await worker.start();
    await worker.enqueue('payment.verify', { orderId: 'o' }, { attempts: 1 });
    await until(async () => (await worker.counts()).payment.active === 1);
    await worker.stop({ timeoutMs: 0 });
    await until(() => settled);
    await sleep(0);
    expect((await worker.counts()).payment).toEqual(only({ waiting: 1 }));
    expect(await worker.failedJobs()).toEqual([]);
  });

  it('forgets completed and failed jobs beyond retention, so their ids can be enqueued again', async () => {
    const worker = createInProcessWorker({ retainCompleted: 1, retainFailed: 1 });
    const runs: string[] = [];
    worker.process('email.welcome', async (job) => void runs.push(job.id));
    worker.process('order.invoice', async () => {
      throw new Error('no');
    });
    await worker.start();
    await worker.enqueue('email.welcome', { userId: 'a' }, { jobId: 'a' });
    await until(() => runs.length === 1);
    await worker.enqueue('email.welcome', { userId: 'b' }, { jobId: 'b' });
    await until(() => runs.length === 2);
    await worker.enqueue('email.welcome', { userId: 'a' }, { jobId: 'a' });
    await until(() => runs.length === 3);
    expect(runs).toEqual(['a', 'b', 'a']);
    await worker.enqueue('order.invoice', { orderId: 'x' }, { jobId: 'x', attempts: 1 });
    await worker.enqueue('order.invoice', { orderId: 'y' }, { jobId: 'y', attempts: 1 });
    await until(async () => (await worker.failedJobs()).map((j) => j.id).join() === 'y');
    expect(await worker.retry('x')).toBe(false);
    expect((await worker.counts()).order).toEqual(only({ failed: 1 }));
    await worker.close();
  });

  it('uses its default attempts and backoff, and logs failures without payloads', async () => {
    const lines: { level: string; obj: object; msg?: string }[] = [];
    const logger: Logger = {
      info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
      error: (obj, msg) => void lines.push({ level: 'error', obj, msg }),
      debug: (obj, msg) => void lines.push({ level: 'debug', obj, msg }),
      child: () => logger,
    };
    const worker = createInProcessWorker({
      defaultAttempts: 3,
      defaultBackoff: { type: 'fixed', delayMs: 5 },
      logger,
    });
    worker.process('payment.charge', async () => {
      throw new Error('declined');
    });
    await worker.start();
    const id = await worker.enqueue('payment.charge', { orderId: 'secret-order' });
    await until(async () => (await worker.failedJobs()).length === 1);
    expect((await worker.failedJobs())[0]?.attempts).toBe(3);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn', 'error']);
    expect(lines[2]?.obj).toMatchObject({ jobId: id, job: 'payment.charge', attempt: 3, err: 'declined' });
    expect(JSON.stringify(lines)).not.toContain('secret-order');
    await worker.close();
  });

  it('gives each attempt its own copy of the payload', async () => {
    const worker = createInProcessWorker({ defaultBackoff: { type: 'fixed', delayMs: 1 } });
    const seen: string[] = [];
    worker.process('order.inventory', async (job) => {
      seen.push(job.payload.orderId);
      job.payload.orderId = 'mutated';
      if (job.attempt === 1) throw new Error('again');
    });
    await worker.start();
    const payload = { orderId: 'o-1' };
    await worker.enqueue('order.inventory', payload);
    payload.orderId = 'changed-by-producer';
    await until(() => seen.length === 2);
    expect(seen).toEqual(['o-1', 'o-1']);
    await worker.close();
  });

  it('rejects invalid options and arguments', async () => {
    expect(() => createInProcessWorker({ defaultAttempts: 0 })).toThrow(RangeError);
    expect(() => createInProcessWorker({ retainFailed: -1 })).toThrow(RangeError);
    const worker = createInProcessWorker();
    expect(() => worker.process('email.welcome', async () => undefined, { concurrency: 0 })).toThrow(
      RangeError,
    );
    await expect(worker.enqueue('email.welcome', { userId: 'u' }, { attempts: 1.5 })).rejects.toThrow(
      RangeError,
    );
    await expect(worker.enqueue('email.welcome', { userId: 'u' }, { delayMs: -1 })).rejects.toThrow(
      RangeError,
    );
    expect(await worker.counts()).toMatchObject({ email: only({}) });
    await worker.close();
  });

  it('computes fixed and exponential backoff', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs({ type: 'exponential', delayMs: 100 }, n))).toEqual([
      100, 200, 400, 800,
    ]);
    expect([1, 2, 3].map((n) => backoffDelayMs({ type: 'fixed', delayMs: 100 }, n))).toEqual([100, 100, 100]);
    expect(backoffDelayMs({ type: 'exponential', delayMs: 1000 }, 60)).toBe(2_147_483_647);
  });

  it('keeps no timer alive: a process with delayed and retrying jobs exits on its own', async () => {
    const dist = new URL('../dist/index.js', import.meta.url).href;
    const script = `
      const { createInProcessWorker } = await import(${JSON.stringify(dist)});
      const worker = createInProcessWorker({ defaultBackoff: { type: 'fixed', delayMs: 3600000 } });
      worker.process('order.invoice', async () => { throw new Error('retry in an hour'); });
      await worker.start();
      await worker.enqueue('email.welcome', { userId: 'u' }, { delayMs: 3600000 });
      await worker.enqueue('order.invoice', { orderId: 'o' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const counts = await worker.counts();
      console.log(JSON.stringify([counts.email.delayed, counts.order.delayed]));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('[1,1]');
  });
});
