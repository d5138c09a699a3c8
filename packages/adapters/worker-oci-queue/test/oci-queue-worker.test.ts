import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IWorkerAdapter, Logger } from '@bharatmart/core';
import { SimpleAuthenticationDetailsProvider } from 'oci-common';
import { QueueClient } from 'oci-queue';
import { createOciQueueWorker } from '../src/index.js';
import type { OciQueueWorkerOptions } from '../src/index.js';
import { identity, startOciQueueTestBed } from './oci-queue-test-bed.js';
import type { OciQueueTestBed } from './oci-queue-test-bed.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/oci-queue-worker-process.mjs', import.meta.url));
let bed: OciQueueTestBed;
const opened: IWorkerAdapter[] = [];

beforeAll(async () => {
  bed = await startOciQueueTestBed();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((worker) => worker.close()));
});
afterAll(() => bed.standin.stop());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** A real SDK client on the stand-in, to look into a queue as an operator would. */
function sdkClient(): QueueClient {
  const { tenancy, user, fingerprint, privateKey } = identity;
  const client = new QueueClient({
    authenticationDetailsProvider: new SimpleAuthenticationDetailsProvider(
      tenancy,
      user,
      fingerprint,
      privateKey,
      null,
    ),
  });
  client.endpoint = bed.standin.url;
  return client;
}

/** An adapter on a fresh queue (visibility 2 s, long polls of 1 s) and a maker of more on that queue. */
function open(extra: Partial<OciQueueWorkerOptions> = {}, queue?: { maxDeliveryAttempts: number }) {
  const options = bed.options({ visibilityTimeoutSeconds: 2, waitTimeSeconds: 1, ...extra }, queue);
  const make = (more: Partial<OciQueueWorkerOptions> = {}): IWorkerAdapter => {
    const worker = createOciQueueWorker({ ...options, ...more });
    opened.push(worker);
    return worker;
  };
  return { queueId: options.queueId, worker: make(), another: make };
}

describe('createOciQueueWorker', () => {
  it('is named oci-queue and durable, and reports unusable authentication settings as MISCONFIGURED', async () => {
    const { worker } = open();
    expect([worker.name, worker.durable]).toEqual(['oci-queue', true]);
    const misconfigured = createOciQueueWorker({
      queueId: 'ocid1.queue.oc1..x',
      endpoint: bed.standin.url,
      configFile: '/nonexistent/oci/config',
    });
    opened.push(misconfigured);
    await expect(misconfigured.start()).rejects.toMatchObject({
      adapter: 'oci-queue',
      code: 'MISCONFIGURED',
    });
  });

  it('redelivers a job whose handler threw once the backoff hid it, then deletes it on success', async () => {
    const { worker, queueId } = open();
    const attempts: number[] = [];
    worker.process('order.invoice', async (job) => {
      attempts.push(job.attempt);
      if (job.attempt === 1) throw new Error('crashed');
    });
    await worker.start();
    await worker.enqueue('order.invoice', { orderId: 'o-1' }, { backoff: { type: 'fixed', delayMs: 1000 } });
    await until(() => attempts.length === 2);
    expect(attempts).toEqual([1, 2]);
    const client = sdkClient();
    const stats = async () =>
      (await client.getStats({ queueId, channelId: 'order.invoice' })).queueStats.queue;
    await until(async () => (await stats()).inFlightMessages === 0);
    expect(await stats()).toMatchObject({ visibleMessages: 0, inFlightMessages: 0 });
  });

  it('records a poison job as failed after its attempts, keeps it across scans, and retry() runs it again', async () => {
    const lines: { level: string; obj: object }[] = [];
    const logger: Logger = {
      info: (obj) => void lines.push({ level: 'info', obj }),
      warn: (obj) => void lines.push({ level: 'warn', obj }),
      error: (obj) => void lines.push({ level: 'error', obj }),
      debug: (obj) => void lines.push({ level: 'debug', obj }),
      child: () => logger,
    };
    // maxDeliveryAttempts 3: scanning must not walk failed records into the queue's own DLQ.
    const { worker } = open({ logger }, { maxDeliveryAttempts: 3 });
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
    for (let scan = 0; scan < 4; scan += 1)
      expect((await worker.failedJobs()).map((job) => job.id)).toEqual([id]);
    expect(attempts).toEqual([1, 2, 3]);
    expect((await worker.failedJobs())[0]).toMatchObject({
      id,
      name: 'payment.charge',
      queue: 'payment',
      payload: { orderId: 'secret-order' },
      attempts: 3,
      error: `gateway exploded for ${id}`,
    });
    expect((await worker.counts()).payment).toMatchObject({ failed: 1, waiting: 0, active: 0 });
    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn', 'error']);
    expect(JSON.stringify(lines)).not.toContain('secret-order');
    poisoned = false;
    expect(await worker.retry(id)).toBe(true);
    await until(() => attempts.length === 4);
    expect(attempts.at(-1)).toBe(1);
    expect(await worker.failedJobs()).toEqual([]);
    expect(await worker.retry(id)).toBe(false);
  });

  it('counts a job the queue moved to its own dead-letter queue after maxDeliveryAttempts as failed', async () => {
    const { worker, queueId } = open({}, { maxDeliveryAttempts: 2 });
    await worker.enqueue('email.welcome', { userId: 'u-1' });
    const client = sdkClient();
    const take = () =>
      client.getMessages({
        queueId,
        channelFilter: 'email.welcome',
        visibilityInSeconds: 0,
        timeoutInSeconds: 0,
        limit: 1,
      });
    for (let i = 0; i < 3; i += 1) await take();
    expect((await worker.counts()).email).toMatchObject({ waiting: 0, active: 0, failed: 1 });
  });

  it('keeps a job hidden while its handler outlives the visibility timeout, by renewing it', async () => {
    const { worker, another } = open();
    const runs: string[] = [];
    const slow = async (job: { id: string }): Promise<void> => {
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
    const { queueId, worker: producer, another } = open();
    const child = spawn(process.execPath, [FIXTURE], {
      env: {
        PATH: process.env.PATH ?? '',
        QUEUE_ID: queueId,
        ENDPOINT: bed.standin.url,
        TENANCY: identity.tenancy,
        USER_OCID: identity.user,
        FINGERPRINT: identity.fingerprint,
        PRIVATE_KEY: identity.privateKey,
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
    const { worker, another } = open({ visibilityTimeoutSeconds: 600 });
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

  it('counts a delayed job as delayed until it is due, then runs it as a first try', async () => {
    const { worker } = open();
    const ran: { at: number; attempt: number }[] = [];
    worker.process('payment.verify', async (job) => void ran.push({ at: Date.now(), attempt: job.attempt }));
    await worker.start();
    const before = Date.now();
    await worker.enqueue('payment.verify', { orderId: 'o-3' }, { delayMs: 1500 });
    expect((await worker.counts()).payment).toMatchObject({ delayed: 1, waiting: 0 });
    await until(() => ran.length === 1);
    expect((ran[0]?.at ?? 0) - before).toBeGreaterThanOrEqual(1500);
    expect(ran[0]?.attempt).toBe(1);
    await until(async () => (await worker.counts()).payment.delayed === 0);
  });

  it('reports a missing queue as UNAVAILABLE with the service code, and health down', async () => {
    const worker = createOciQueueWorker(bed.options({ queueId: 'ocid1.queue.oc1..absent' }));
    opened.push(worker);
    await expect(worker.enqueue('email.welcome', { userId: 'u' })).rejects.toMatchObject({
      adapter: 'oci-queue',
      code: 'UNAVAILABLE',
      message: expect.stringContaining('NotAuthorizedOrNotFound'),
    });
    expect(await worker.health()).toMatchObject({ status: 'down' });
    await worker.close();
    await expect(worker.counts()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('rejects invalid options and arguments', async () => {
    expect(() => createOciQueueWorker(bed.options({ queueId: '' }))).toThrow(RangeError);
    expect(() => createOciQueueWorker(bed.options({ visibilityTimeoutSeconds: 0 }))).toThrow(RangeError);
    expect(() => createOciQueueWorker(bed.options({ waitTimeSeconds: 31 }))).toThrow(RangeError);
    const { worker } = open();
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
