import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from '@jest/globals';
import { inspectsFailedJobs } from '@bharatmart/core';
import type { InspectableWorkerAdapter, IWorkerAdapter, JobName, Logger } from '@bharatmart/core';
import { waitUntil } from './child-server.js';

/** Options a scenario sets on an adapter; the bed sets the rest (visibility 2 s, long polls of 1 s). */
export interface PollingWorkerSettings {
  visibilityTimeoutSeconds?: number;
  waitTimeSeconds?: number;
  logger?: Logger;
}

/** A fresh queue on the stand-in, and what a scenario does with it. */
export interface PollingWorkerQueue {
  /** A new adapter on this queue with the bed's options and `settings`. */
  worker(settings?: PollingWorkerSettings): IWorkerAdapter;
  /** Messages of job `name` in the queue, as the stand-in counts them. */
  depth(name: JobName): Promise<{ visible: number; inFlight: number; delayed: number }>;
  /**
   * A Node script, and its environment, that consumes `order.inventory` jobs of this queue with the
   * built adapter and a visibility timeout of 2 s: it prints `ready` once consuming and
   * `started <job id> <attempt>` when a handler begins, and never finishes a job.
   */
  workerProcess: { script: string; env: Record<string, string> };
}

/** One polling-queue adapter on its stand-in, as the shared scenarios need it. */
export interface PollingWorkerTestBed {
  /** The adapter's name. */
  readonly name: string;
  /** Longest long poll the adapter accepts, in seconds. */
  readonly maxWaitTimeSeconds: number;
  /** A fresh queue; with `maxDeliveries`, the broker's own delivery limit before its dead-letter queue. */
  queue(options?: { maxDeliveries?: number }): Promise<PollingWorkerQueue>;
  /** Creates an adapter whose options lack the queue's identity (it must throw a RangeError). */
  withoutQueue(): IWorkerAdapter;
  /** An adapter on a queue that does not exist, and the service's error code its failures name. */
  missingQueue(): { worker: IWorkerAdapter; code: string };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const until = (condition: () => boolean | Promise<boolean>): Promise<void> =>
  waitUntil('the expected state', 10_000, async () => condition());

/** `worker` itself, once it is checked to offer failed-job inspection, as every polling queue does. */
function inspectable(worker: IWorkerAdapter): InspectableWorkerAdapter {
  if (!inspectsFailedJobs(worker)) throw new Error(`${worker.name} offers no failed-job inspection`);
  return worker;
}

/** A Logger that keeps each call's level and object. */
function capturingLogger(): { logger: Logger; lines: { level: string; obj: object }[] } {
  const lines: { level: string; obj: object }[] = [];
  const logger: Logger = {
    info: (obj) => void lines.push({ level: 'info', obj }),
    warn: (obj) => void lines.push({ level: 'warn', obj }),
    error: (obj) => void lines.push({ level: 'error', obj }),
    debug: (obj) => void lines.push({ level: 'debug', obj }),
    child: () => logger,
  };
  return { logger, lines };
}

/**
 * What every worker adapter on a polling message queue with visibility timeouts promises beyond the
 * IWorkerAdapter contract, run against its stand-in: a failed try reappears after its backoff, a
 * poison job is kept as failed and can be retried, a running job stays hidden, a killed worker's
 * job goes to another consumer, `stop()` gives unfinished jobs back, and broker or option errors
 * surface as they should. Every adapter a scenario makes is closed after it.
 */
export function describePollingWorkerScenarios(label: string, bed: PollingWorkerTestBed): void {
  describe(`${label}: polling-queue scenarios`, () => {
    const opened: IWorkerAdapter[] = [];
    const track = (worker: IWorkerAdapter): IWorkerAdapter => (opened.push(worker), worker);
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((worker) => worker.close()));
    });

    /** A fresh queue, an adapter on it, and a maker of more adapters on it, all with `settings`. */
    async function open(settings: PollingWorkerSettings = {}, queueOptions?: { maxDeliveries?: number }) {
      const queue = await bed.queue(queueOptions);
      const another = (more: PollingWorkerSettings = {}) => track(queue.worker({ ...settings, ...more }));
      return { ...queue, worker: another(), another };
    }

    it('redelivers a job whose handler threw once the backoff hid it, then deletes it on success', async () => {
      const { worker, depth } = await open();
      const attempts: number[] = [];
      worker.process('order.invoice', async (job) => {
        attempts.push(job.attempt);
        if (job.attempt === 1) throw new Error('crashed');
      });
      await worker.start();
      await worker.enqueue(
        'order.invoice',
        { orderId: 'o-1' },
        { backoff: { type: 'fixed', delayMs: 1000 } },
      );
      await until(() => attempts.length === 2);
      expect(attempts).toEqual([1, 2]);
      await until(async () => (await depth('order.invoice')).inFlight === 0);
      expect(await depth('order.invoice')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });

    it('fails a poison job after its attempts, keeps it across scans, and retry() runs it again', async () => {
      const { logger, lines } = capturingLogger();
      // maxDeliveries 3: scanning must not walk failed jobs into the broker's own dead-letter queue.
      const queue = await open({ logger }, { maxDeliveries: 3 });
      const { depth } = queue;
      const worker = inspectable(queue.worker);
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
      expect(await depth('payment.charge')).toMatchObject({ visible: 0, inFlight: 0 });
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

    it('keeps a job hidden while its handler outlives the visibility timeout, by renewing it', async () => {
      // Renewed every third of 4 s: a stall of the test process shorter than 2.6 s cannot expose it.
      const { worker, another } = await open({ visibilityTimeoutSeconds: 4 });
      const runs: string[] = [];
      const slow = async (job: { id: string }): Promise<void> => {
        runs.push(job.id);
        await sleep(9000);
      };
      worker.process('order.inventory', slow);
      await worker.start();
      const id = await worker.enqueue('order.inventory', { orderId: 'slow' });
      await until(() => runs.length === 1);
      const rival = another();
      rival.process('order.inventory', slow);
      await rival.start();
      await sleep(8500);
      expect(runs).toEqual([id]);
    });

    it('hands a job whose worker process was killed mid-run to another consumer after the visibility timeout', async () => {
      const { workerProcess, worker: producer, another } = await open();
      const child = spawn(process.execPath, [workerProcess.script], {
        env: { PATH: process.env.PATH ?? '', ...workerProcess.env },
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

    it('reports a missing queue as UNAVAILABLE with the service code, and health down', async () => {
      const { worker, code } = bed.missingQueue();
      track(worker);
      await expect(worker.enqueue('email.welcome', { userId: 'u' })).rejects.toMatchObject({
        adapter: bed.name,
        code: 'UNAVAILABLE',
        message: expect.stringContaining(code),
      });
      expect(await worker.health()).toMatchObject({ status: 'down' });
      await worker.close();
      await expect(worker.counts()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    });

    it('rejects invalid options and arguments', async () => {
      const queue = await bed.queue();
      expect(() => track(bed.withoutQueue())).toThrow(RangeError);
      expect(() => track(queue.worker({ visibilityTimeoutSeconds: 0 }))).toThrow(RangeError);
      const tooLong = bed.maxWaitTimeSeconds + 1;
      expect(() => track(queue.worker({ waitTimeSeconds: tooLong }))).toThrow(RangeError);
      const worker = track(queue.worker());
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
}
