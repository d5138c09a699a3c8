import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { IWorkerAdapter, JobContext, Logger } from '@bharatmart/core';
import { createSqsWorker } from '../src/index.js';
import type { SqsWorkerOptions } from '../src/index.js';
import { startSqsTestBed } from './sqs-test-queues.js';
import type { SqsTestBed } from './sqs-test-queues.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/sqs-worker-process.mjs', import.meta.url));
let bed: SqsTestBed;
const opened: IWorkerAdapter[] = [];

beforeAll(async () => {
  bed = await startSqsTestBed();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((worker) => worker.close()));
});
afterAll(() => bed.stop());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** A fresh queue with its dead-letter queue and an adapter on it (visibility 2 s, long polls of 1 s). */
async function open(extra: Partial<SqsWorkerOptions> = {}) {
  const queues = await bed.queues();
  const worker = (more: Partial<SqsWorkerOptions> = {}): IWorkerAdapter => {
    const created = createSqsWorker(
      bed.options(queues.queueUrl, {
        deadLetterQueueUrl: queues.deadLetterQueueUrl,
        visibilityTimeoutSeconds: 2,
        waitTimeSeconds: 1,
        ...extra,
        ...more,
      }),
    );
    opened.push(created);
    return created;
  };
  return { ...queues, worker: worker(), another: worker };
}

describe('createSqsWorker', () => {
  it('is named sqs and durable, and refuses to start without a dead-letter queue', async () => {
    const { queueUrl } = await bed.queues();
    const worker = createSqsWorker(bed.options(queueUrl));
    opened.push(worker);
    expect([worker.name, worker.durable]).toEqual(['sqs', true]);
    await expect(worker.start()).rejects.toMatchObject({ adapter: 'sqs', code: 'MISCONFIGURED' });
  });

  it('redelivers a job whose handler threw once the backoff hid it, then deletes it on success', async () => {
    const { worker, queueUrl } = await open();
    const attempts: number[] = [];
    worker.process('order.invoice', async (job) => {
      attempts.push(job.attempt);
      if (job.attempt === 1) throw new Error('crashed');
    });
    await worker.start();
    await worker.enqueue('order.invoice', { orderId: 'o-1' }, { backoff: { type: 'fixed', delayMs: 1000 } });
    await until(() => attempts.length === 2);
    expect(attempts).toEqual([1, 2]);
    await until(async () => (await bed.depth(queueUrl)).inFlight === 0);
    expect(await bed.depth(queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('dead-letters a poison job after its attempts, lists it in failedJobs, and retry() runs it again', async () => {
    const lines: { level: string; obj: object }[] = [];
    const logger: Logger = {
      info: (obj) => void lines.push({ level: 'info', obj }),
      warn: (obj) => void lines.push({ level: 'warn', obj }),
      error: (obj) => void lines.push({ level: 'error', obj }),
      debug: (obj) => void lines.push({ level: 'debug', obj }),
      child: () => logger,
    };
    const { worker, queueUrl, deadLetterQueueUrl } = await open({ logger });
    let poisoned = true;
    const attempts: number[] = [];
    worker.process('payment.charge', async (job) => {
      attempts.push(job.attempt);
      if (poisoned) throw new Error(`gateway exploded for ${job.id}`);
    });
    await worker.start();
    const id = await worker.enqueue(
      'payment.charge',
      { orderId: 'secret-order' },
      { attempts: 3, backoff: { type: 'fixed', delayMs: 0 } },
    );
    await until(async () => (await worker.failedJobs()).length === 1);
    expect(attempts).toEqual([1, 2, 3]);
    expect((await worker.failedJobs())[0]).toMatchObject({
      id,
      name: 'payment.charge',
      queue: 'payment',
      payload: { orderId: 'secret-order' },
      attempts: 3,
      error: `gateway exploded for ${id}`,
    });
    expect(await bed.depth(queueUrl)).toMatchObject({ visible: 0, inFlight: 0 });
    expect((await worker.counts()).payment.failed).toBe(1);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn', 'error']);
    expect(JSON.stringify(lines)).not.toContain('secret-order');
    poisoned = false;
    expect(await worker.retry(id)).toBe(true);
    await until(() => attempts.length === 4);
    expect(attempts.at(-1)).toBe(1);
    await until(async () => (await bed.depth(deadLetterQueueUrl)).visible === 0);
    expect(await worker.failedJobs()).toEqual([]);
    expect(await worker.retry(id)).toBe(false);
  });

  it('keeps a job hidden while its handler outlives the visibility timeout, by renewing it', async () => {
    const { worker, another } = await open();
    const runs: string[] = [];
    const slow = async (job: JobContext): Promise<void> => {
      runs.push(job.id);
      await sleep(4500);
    };
    worker.process('order.inventory', slow);
    await worker.start();
    const id = await worker.enqueue('order.inventory', { orderId: 'slow' });
    await until(() => runs.length === 1);
    const rival = another();
    rival.process('order.inventory', slow);
    await rival.start();
    await sleep(4000);
    expect(runs).toEqual([id]);
  });

  it('hands a job whose worker process was killed mid-run to another consumer after the visibility timeout', async () => {
    const { queueUrl, deadLetterQueueUrl, worker: producer, another } = await open();
    const child = spawn(process.execPath, [FIXTURE], {
      env: {
        PATH: process.env.PATH ?? '',
        QUEUE_URL: queueUrl,
        DLQ_URL: deadLetterQueueUrl,
        ENDPOINT: bed.standin.url,
        VISIBILITY_S: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    try {
      await until(() => output.includes('ready'));
      const id = await producer.enqueue('order.inventory', { orderId: 'doomed' });
      await until(() => output.includes(`started ${id} 1`));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const rescuer = another();
      const attempts: number[] = [];
      rescuer.process('order.inventory', async (job) => void attempts.push(job.attempt));
      await rescuer.start();
      await until(() => attempts.length === 1);
      expect(attempts).toEqual([2]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('on stop() gives back a job it gave up waiting for, so another consumer takes it at once', async () => {
    const { worker, another } = await open({ visibilityTimeoutSeconds: 600 });
    let started = false;
    worker.process('email.shipping', async (job) => {
      started = true;
      await new Promise((resolve) => job.signal.addEventListener('abort', resolve));
    });
    await worker.start();
    await worker.enqueue('email.shipping', { orderId: 'o-2' });
    await until(() => started);
    await worker.stop({ timeoutMs: 0 });
    const next = another();
    const attempts: number[] = [];
    next.process('email.shipping', async (job) => void attempts.push(job.attempt));
    await next.start();
    await until(() => attempts.length === 1);
    expect(attempts).toEqual([2]);
  });

  it('re-delays a delay carrier received before it is due, and runs its job as a first try', async () => {
    const { worker, queueUrl } = await open();
    const ran: { at: number; attempt: number }[] = [];
    worker.process('payment.verify', async (job) => void ran.push({ at: Date.now(), attempt: job.attempt }));
    await worker.start();
    const runAt = Date.now() + 1500;
    const carrier = {
      id: 'verify@o-3',
      name: 'payment.verify',
      payload: { orderId: 'o-3' },
      attempts: 5,
      backoff: { type: 'fixed', delayMs: 0 },
      runAt,
    };
    await bed.client.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(carrier) }),
    );
    await until(() => ran.length === 1);
    expect(ran[0]?.at).toBeGreaterThanOrEqual(runAt);
    expect(ran[0]?.attempt).toBe(1);
    expect(bed.standin.operations.filter((op) => op === 'SendMessage').length).toBeGreaterThanOrEqual(2);
  });

  it('reports an unreachable or missing queue as UNAVAILABLE and health down', async () => {
    const worker = createSqsWorker(
      bed.options(`${bed.standin.url}/000000000000/absent`, { deadLetterQueueUrl: 'x' }),
    );
    opened.push(worker);
    await expect(worker.enqueue('email.welcome', { userId: 'u' })).rejects.toMatchObject({
      adapter: 'sqs',
      code: 'UNAVAILABLE',
      message: expect.stringContaining('QueueDoesNotExist'),
    });
    expect(await worker.health()).toMatchObject({ status: 'down' });
    await worker.close();
    await expect(worker.counts()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('rejects invalid options and arguments', async () => {
    expect(() => createSqsWorker(bed.options('', {}))).toThrow(RangeError);
    expect(() => createSqsWorker(bed.options('u', { visibilityTimeoutSeconds: 0 }))).toThrow(RangeError);
    expect(() => createSqsWorker(bed.options('u', { waitTimeSeconds: 21 }))).toThrow(RangeError);
    const worker = createSqsWorker(bed.options('u'));
    opened.push(worker);
    expect(() => worker.process('email.welcome', async () => undefined, { concurrency: 0 })).toThrow(
      RangeError,
    );
    await expect(worker.enqueue('email.welcome', { userId: 'u' }, { delayMs: -1 })).rejects.toThrow(
      RangeError,
    );
    await expect(worker.enqueue('email.welcome', { userId: 'u' }, { attempts: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});
