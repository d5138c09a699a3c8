import { randomUUID } from 'node:crypto';
import { expect, it } from '@jest/globals';
import type { IWorkerAdapter, QueueName } from '@bharatmart/core';

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
  /** Whether the backend deduplicates job ids. */
  readonly dedupes: boolean;
  /** Whether `counts()` is exact. */
  readonly exactCounts: boolean;
  /** A fresh adapter for this test; `cleanUp()` stops and closes it. */
  open(): Promise<IWorkerAdapter>;
  /** A gate that `cleanUp()` opens, for handlers held until the test ends. */
  gate(): Gate;
  /** Retries `assertion` until it passes; after the deadline its last failure is thrown. */
  eventually(assertion: () => unknown, deadlineMs?: number): Promise<void>;
  /** The ids of `w`'s failed jobs. */
  failedIds(w: IWorkerAdapter): Promise<string[]>;
  /** Waits until `queue` counts `n` completed jobs, or with approximate counts until `done()` is `n`. */
  completed(w: IWorkerAdapter, queue: QueueName, n: number, done: () => number): Promise<void>;
  /** Opens the test's gates, then stops and closes its adapter. */
  cleanUp(): Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export const newJobId = (): string => `contract-${randomUUID()}`;
export const fastRetry = { type: 'fixed', delayMs: 20 } as const;

/** `it` when `condition` holds, else nothing is registered (the test runner fails on skipped tests). */
export const itWhen = (
  condition: boolean,
): typeof it | ((name: string, test: () => Promise<void>) => void) => (condition ? it : () => undefined);

/** Fixtures over the adapters `createAdapter` returns, one per test. */
export function createWorkerFixtures(
  createAdapter: () => Promise<IWorkerAdapter>,
  capabilities: WorkerContractCapabilities,
): WorkerContractFixtures {
  const timeoutMs = capabilities.waitTimeoutMs ?? 10_000;
  const exactCounts = (capabilities.counts ?? 'exact') === 'exact';
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
    delayMs: Math.max(400, capabilities.delayGranularityMs ?? 1),
    dedupes: capabilities.dedupesJobIds ?? true,
    exactCounts,
    open: async () => (worker = await createAdapter()),
    gate: () => {
      let open = (): void => undefined;
      const promise = new Promise<void>((resolve) => (open = resolve));
      releases.push(open);
      return { promise, open };
    },
    eventually,
    failedIds: async (w) => (await w.failedJobs()).map((j) => j.id),
    completed: (w, queue, n, done) =>
      eventually(async () => expect(exactCounts ? (await w.counts())[queue].completed : done()).toBe(n)),
    cleanUp: async () => {
      releases.splice(0).forEach((release) => release());
      await worker?.stop({ timeoutMs: 2000 });
      await worker?.close();
      worker = undefined;
    },
  };
}
