import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { inspectsFailedJobs } from '@bharatmart/core';
import type { InspectableWorkerAdapter, IWorkerAdapter, QueueName } from '@bharatmart/core';

/**
 * How the suite waits on a backend that is coarse or slow. What the backend can do (dedupe job ids,
 * exact counts, failed-job inspection) is not set here: the suite reads it from the adapter.
 */
export interface WorkerContractOptions {
  /** Smallest delay step the backend honours, in ms (SQS: 1000); the delay test uses at least this. */
  delayGranularityMs?: number;
  /** How long a job may take to reach an expected state before a test fails, in ms. Default 10 000. */
  waitTimeoutMs?: number;
}

/** A promise that stays pending until `open()` is called. */
export interface Gate {
  promise: Promise<void>;
  open: () => void;
}

/** What the worker contract's tests share: the adapter under test, the suite's settings and waits. */
export interface WorkerContractFixtures {
  /** How long a job may take to reach an expected state, in ms. */
  readonly timeoutMs: number;
  /** The delay the delay test uses, in ms: at least the backend's granularity. */
  readonly delayMs: number;
  /** A fresh adapter for this test; `cleanUp()` stops and closes it. */
  open(): Promise<IWorkerAdapter>;
  /** `open()`, checking that the adapter offers failed-job inspection (`inspectsFailedJobs`). */
  openInspectable(): Promise<InspectableWorkerAdapter>;
  /** A gate that `cleanUp()` opens, for handlers held until the test ends. */
  gate(): Gate;
  /** Retries `assertion` until it passes; after the deadline its last failure is thrown. */
  eventually(assertion: () => unknown, deadlineMs?: number): Promise<void>;
  /** The ids of `w`'s failed jobs. */
  failedIds(w: InspectableWorkerAdapter): Promise<string[]>;
  /**
   * Waits until `queue` counts `n` completed jobs, or where `w`'s `countAccuracy` is approximate
   * until `done()` is `n`.
   */
  completed(w: IWorkerAdapter, queue: QueueName, n: number, done: () => number): Promise<void>;
  /** Opens the test's gates, then stops and closes its adapter. */
  cleanUp(): Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export const newJobId = (): string => `contract-${randomUUID()}`;
export const fastRetry = { type: 'fixed', delayMs: 20 } as const;

/** Fixtures over the adapters `createAdapter` returns, one per test. */
export function createWorkerFixtures(
  createAdapter: () => Promise<IWorkerAdapter>,
  options: WorkerContractOptions,
): WorkerContractFixtures {
  const timeoutMs = options.waitTimeoutMs ?? 10_000;
  let worker: IWorkerAdapter | undefined;
  const releases: (() => void)[] = [];

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

  return {
    timeoutMs,
    delayMs: Math.max(400, options.delayGranularityMs ?? 1),
    open: async () => (worker = await createAdapter()),
    openInspectable: async () => {
      const w = (worker = await createAdapter());
      if (!inspectsFailedJobs(w)) throw new Error(`${w.name} offers no failed-job inspection`);
      return w;
    },
    gate: () => {
      let open = (): void => undefined;
      const promise = new Promise<void>((resolve) => (open = resolve));
      releases.push(open);
      return { promise, open };
    },
    eventually,
    failedIds: async (w) => (await w.failedJobs()).map((j) => j.id),
    completed: (w, queue, n, done) =>
      eventually(async () =>
        expect(w.countAccuracy === 'exact' ? (await w.counts())[queue].completed : done()).toBe(n),
      ),
    cleanUp: async () => {
      releases.splice(0).forEach((release) => release());
      await worker?.stop({ timeoutMs: 2000 });
      await worker?.close();
      worker = undefined;
    },
  };
}
