import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { PermanentJobError, QUEUE_NAMES } from '@bharatmart/core';
import type { IWorkerAdapter, JobContext, JobCounts, QueueName } from '@bharatmart/core';

/** What a worker backend honestly cannot do more finely. */
export interface WorkerContractCapabilities {
  /** Smallest delay step the backend honours, in ms (SQS: 1000); the delay test uses at least this. */
  delayGranularityMs?: number;
  /** How long a job may take to reach an expected state before a test fails, in ms. Default 10 000. */
  waitTimeoutMs?: number;
  /**
   * False when the broker does not deduplicate job ids (SQS standard queues, OCI Queue): a repeated
   * id is enqueued again, and idempotent handlers with the outbox's keys make repeats harmless. The
   * suite then checks only that `enqueue` returns the given id. Default true.
   */
  dedupesJobIds?: boolean;
  /**
   * `exact` (default): `counts()` reports every state per QueueName. `approximate`: the broker's
   * approximate numbers (SQS, OCI Queue), which count no completed jobs (always 0) and may report a
   * delayed job as active (a message hidden until due). The suite then waits on handler outcomes
   * instead of `completed`, and checks that held, delayed and failed jobs show up at least.
   */
  counts?: 'exact' | 'approximate';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const newJobId = (): string => `contract-${randomUUID()}`;
const fastRetry = { type: 'fixed', delayMs: 20 } as const;

/** `it` when `condition` holds, else nothing is registered (the test runner fails on skipped tests). */
const itWhen = (condition: boolean): typeof it | ((name: string, test: () => Promise<void>) => void) =>
  condition ? it : () => undefined;

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * The IWorkerAdapter contract. `createAdapter` must return a fresh adapter whose queues hold no
 * jobs of earlier tests (e.g. a unique queue prefix per call); the suite stops and closes it after
 * each test. Waits poll for a condition until a deadline; no test asserts how fast anything is.
 */
export function describeWorkerContract(
  label: string,
  createAdapter: () => Promise<IWorkerAdapter>,
  capabilities: WorkerContractCapabilities = {},
): void {
  const timeoutMs = capabilities.waitTimeoutMs ?? 10_000;
  const delayMs = Math.max(400, capabilities.delayGranularityMs ?? 1);
  const dedupes = capabilities.dedupesJobIds ?? true;
  const exactCounts = (capabilities.counts ?? 'exact') === 'exact';

  /** Retries `assertion` until it passes; after the deadline its last failure is thrown. */
  async function eventually(assertion: () => unknown, deadlineMs = timeoutMs): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      try {
        await assertion();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(10);
      }
    }
  }

  describe(`${label}: IWorkerAdapter contract`, () => {
    let worker: IWorkerAdapter | undefined;
    const releases: (() => void)[] = [];
    const open = async (): Promise<IWorkerAdapter> => (worker = await createAdapter());
    const failedIds = async (w: IWorkerAdapter): Promise<string[]> => (await w.failedJobs()).map((j) => j.id);
    /** Waits until `queue` counts `n` completed jobs, or with approximate counts until `done()` is `n`. */
    const completed = (w: IWorkerAdapter, queue: QueueName, n: number, done: () => number): Promise<void> =>
      eventually(async () => expect(exactCounts ? (await w.counts())[queue].completed : done()).toBe(n));

    afterEach(async () => {
      releases.splice(0).forEach((release) => release());
      await worker?.stop({ timeoutMs: 2000 });
      await worker?.close();
      worker = undefined;
    });

    it('delivers an enqueued job with its id, name, payload and first attempt', async () => {
      const w = await open();
      const seen: JobContext<'email.welcome'>[] = [];
      w.process('email.welcome', async (job) => void seen.push(job));
      await w.start();
      const id = await w.enqueue('email.welcome', { userId: 'u-1' });
      await eventually(() => expect(seen).toHaveLength(1));
      expect(seen[0]).toMatchObject({ id, name: 'email.welcome', payload: { userId: 'u-1' }, attempt: 1 });
      expect(seen[0]?.signal.aborted).toBe(false);
    });

    itWhen(dedupes)(
      'accepts a job id once: the same id enqueued again adds nothing, before or after it ran',
      async () => {
        const w = await open();
        const runs: string[] = [];
        w.process('email.welcome', async (job) => void runs.push(job.payload.userId));
        const jobId = newJobId();
        const base = (await w.counts()).email.waiting;
        expect(await w.enqueue('email.welcome', { userId: 'first' }, { jobId })).toBe(jobId);
        expect(await w.enqueue('email.welcome', { userId: 'second' }, { jobId })).toBe(jobId);
        expect((await w.counts()).email.waiting).toBe(base + 1);
        await w.start();
        await eventually(() => expect(runs).toHaveLength(1));
        expect(await w.enqueue('email.welcome', { userId: 'third' }, { jobId })).toBe(jobId);
        await sleep(300);
        expect(runs).toEqual(['first']);
      },
    );

    itWhen(!dedupes)('returns the given job id (the broker does not deduplicate)', async () => {
      const w = await open();
      const jobId = newJobId();
      const runs: string[] = [];
      w.process('email.welcome', async (job) => void runs.push(job.id));
      await w.start();
      expect(await w.enqueue('email.welcome', { userId: 'u-2' }, { jobId })).toBe(jobId);
      await eventually(() => expect(runs).toContain(jobId));
    });

    it(`does not run a delayed job before its delay (${delayMs} ms)`, async () => {
      const w = await open();
      let ranAt: number | undefined;
      w.process('email.shipping', async () => void (ranAt = Date.now()));
      await w.start();
      const before = Date.now();
      await w.enqueue('email.shipping', { orderId: 'o-1' }, { delayMs });
      await eventually(() => expect(ranAt).toBeDefined(), delayMs + timeoutMs);
      expect((ranAt ?? 0) - before).toBeGreaterThanOrEqual(delayMs);
    });

    it('retries a failing job with backoff and stops retrying once it succeeds', async () => {
      const w = await open();
      const attempts: number[] = [];
      let done = 0;
      w.process('order.invoice', async (job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error(`flaky ${job.attempt}`);
        done += 1;
      });
      await w.start();
      const id = await w.enqueue('order.invoice', { orderId: 'o-2' }, { attempts: 4, backoff: fastRetry });
      await completed(w, 'order', 1, () => done);
      expect(attempts).toEqual([1, 2, 3]);
      expect(await failedIds(w)).not.toContain(id);
    });

    it('keeps a job that used up its attempts in failedJobs, newest first, with its error', async () => {
      const w = await open();
      let calls = 0;
      w.process('payment.verify', async (job) => {
        calls += 1;
        throw new Error(`gateway said no to ${job.payload.orderId}`);
      });
      await w.start();
      const first = await w.enqueue(
        'payment.verify',
        { orderId: 'o-3' },
        { attempts: 2, backoff: fastRetry },
      );
      await eventually(async () => expect(await failedIds(w)).toContain(first));
      const second = await w.enqueue('payment.verify', { orderId: 'o-4' }, { attempts: 1 });
      await eventually(async () => expect(await failedIds(w)).toEqual([second, first]));
      const failed = (await w.failedJobs()).find((job) => job.id === first);
      expect(failed).toMatchObject({ name: 'payment.verify', queue: 'payment', payload: { orderId: 'o-3' } });
      expect(failed?.attempts).toBe(2);
      expect(failed?.error).toContain('gateway said no to o-3');
      expect(Number.isNaN(Date.parse(failed?.failedAt ?? ''))).toBe(false);
      expect(calls).toBe(3);
      expect((await w.failedJobs(1)).map((job) => job.id)).toEqual([second]);
    });

    it('retry() runs a failed job again with fresh attempts; unknown ids give false', async () => {
      const w = await open();
      let failing = true;
      let done = 0;
      const attempts: number[] = [];
      w.process('payment.refund', async (job) => {
        attempts.push(job.attempt);
        if (failing) throw new Error('refund rejected');
        done += 1;
      });
      await w.start();
      const id = await w.enqueue('payment.refund', { orderId: 'o-5' }, { attempts: 1 });
      await eventually(async () => expect(await failedIds(w)).toContain(id));
      failing = false;
      expect(await w.retry(id)).toBe(true);
      await completed(w, 'payment', 1, () => done);
      expect(attempts).toEqual([1, 1]);
      expect(await failedIds(w)).not.toContain(id);
      expect(await w.retry(newJobId())).toBe(false);
    });

    it('fails a job at once on PermanentJobError, whatever attempts remain', async () => {
      const w = await open();
      let calls = 0;
      w.process('payment.charge', async () => {
        calls += 1;
        throw new PermanentJobError('card declined');
      });
      await w.start();
      const id = await w.enqueue('payment.charge', { orderId: 'o-6' }, { attempts: 5, backoff: fastRetry });
      await eventually(async () => expect(await failedIds(w)).toContain(id));
      await sleep(200);
      expect(calls).toBe(1);
      const failed = (await w.failedJobs()).find((job) => job.id === id);
      expect(failed?.attempts).toBe(1);
      expect(failed?.error).toContain('card declined');
    });

    it('runs at most `concurrency` handlers of one job name at once, and uses that many', async () => {
      const w = await open();
      let inFlight = 0;
      let maxInFlight = 0;
      let done = 0;
      w.process(
        'email.order-confirmation',
        async () => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          // Hold until a second handler joins (or give up), so a limit of 1 or none would show.
          await eventually(() => expect(inFlight).toBeGreaterThanOrEqual(2), 1000).catch(() => undefined);
          await sleep(20);
          inFlight -= 1;
          done += 1;
        },
        { concurrency: 2 },
      );
      await w.start();
      for (let i = 0; i < 6; i += 1) await w.enqueue('email.order-confirmation', { orderId: `o-${i}` });
      await eventually(() => expect(done).toBe(6));
      expect(maxInFlight).toBe(2);
    });

    it('limits concurrency per job name: a busy name does not hold up another', async () => {
      const w = await open();
      let inventoryRunning = false;
      let invoiceRan = false;
      let inventorySawInvoice = false;
      let done = 0;
      w.process('order.inventory', async () => {
        inventoryRunning = true;
        await eventually(() => expect(invoiceRan).toBe(true), 3000).catch(() => undefined);
        inventorySawInvoice = invoiceRan;
        done += 1;
      });
      w.process('order.invoice', async () => {
        invoiceRan = true;
        done += 1;
      });
      await w.start();
      await w.enqueue('order.inventory', { orderId: 'o-7' });
      await eventually(() => expect(inventoryRunning).toBe(true));
      await w.enqueue('order.invoice', { orderId: 'o-7' });
      await completed(w, 'order', 2, () => done);
      expect(inventorySawInvoice).toBe(true);
    });

    it('stop() waits for a running handler to finish', async () => {
      const w = await open();
      let started = false;
      let finished = false;
      w.process('email.low-stock', async () => {
        started = true;
        await sleep(300);
        finished = true;
      });
      await w.start();
      await w.enqueue('email.low-stock', { productId: 'p-1' });
      await eventually(() => expect(started).toBe(true));
      await w.stop({ timeoutMs: 5000 });
      expect(finished).toBe(true);
    });

    it('stop() aborts the signal of a handler still running after its timeout', async () => {
      const w = await open();
      let signal: AbortSignal | undefined;
      const release = gate();
      releases.push(release.open);
      w.process('email.low-stock', async (job) => {
        signal = job.signal;
        await Promise.race([release.promise, new Promise((r) => job.signal.addEventListener('abort', r))]);
      });
      await w.start();
      await w.enqueue('email.low-stock', { productId: 'p-2' });
      await eventually(() => expect(signal).toBeDefined());
      await w.stop({ timeoutMs: 100 });
      expect(signal?.aborted).toBe(true);
    });

    itWhen(exactCounts)('counts jobs by queue and state', async () => {
      const w = await open();
      const hold = gate();
      releases.push(hold.open);
      const base = await w.counts();
      expect(Object.keys(base).sort()).toEqual([...QUEUE_NAMES].sort());
      const plus = (queue: QueueName, delta: Partial<JobCounts>): JobCounts => {
        const counts = { ...base[queue] };
        for (const [state, n] of Object.entries(delta)) counts[state as keyof JobCounts] += n;
        return counts;
      };
      w.process('payment.verify', () => hold.promise);
      w.process('order.inventory', async () => undefined);
      w.process('order.invoice', async () => {
        throw new Error('invoice service down');
      });
      await w.start();
      await w.enqueue('payment.refund', { orderId: 'o-8' }); // no handler: stays waiting
      await w.enqueue('payment.charge', { orderId: 'o-8' }, { delayMs: 60_000 });
      await w.enqueue('payment.verify', { orderId: 'o-8' });
      await w.enqueue('order.inventory', { orderId: 'o-8' });
      await w.enqueue('order.invoice', { orderId: 'o-8' }, { attempts: 1 });
      await eventually(async () =>
        expect(await w.counts()).toEqual({
          ...base,
          payment: plus('payment', { waiting: 1, delayed: 1, active: 1 }),
          order: plus('order', { completed: 1, failed: 1 }),
        }),
      );
    });

    itWhen(!exactCounts)('counts held, delayed and failed jobs at least, and no completed ones', async () => {
      const w = await open();
      const hold = gate();
      releases.push(hold.open);
      const base = await w.counts();
      w.process('payment.verify', () => hold.promise);
      w.process('order.invoice', async () => {
        throw new Error('invoice service down');
      });
      await w.start();
      await w.enqueue('payment.charge', { orderId: 'o-9' }, { delayMs: 60_000 });
      await w.enqueue('payment.verify', { orderId: 'o-9' });
      await w.enqueue('order.invoice', { orderId: 'o-9' }, { attempts: 1 });
      await eventually(async () => {
        const counts = await w.counts();
        const { payment, order } = counts;
        expect(payment.active + payment.delayed).toBeGreaterThanOrEqual(
          base.payment.active + base.payment.delayed + 2,
        );
        expect(payment.active).toBeGreaterThanOrEqual(base.payment.active + 1);
        expect(order.failed).toBeGreaterThanOrEqual(base.order.failed + 1);
        for (const queue of QUEUE_NAMES) expect(counts[queue].completed).toBe(0);
      });
    });

    it('has a name and a durability flag, reports healthy while running, closes twice', async () => {
      const w = await open();
      expect(w.name).toMatch(/\S/);
      expect(typeof w.durable).toBe('boolean');
      await w.start();
      const health = await w.health();
      expect(health.status).toBe('up');
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
      await w.stop({ timeoutMs: 1000 });
      await w.close();
      await expect(w.close()).resolves.toBeUndefined();
    });
  });
}
