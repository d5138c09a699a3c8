import type { IWorkerAdapter } from '@bharatmart/core';
import { createBullmqWorker } from '@bharatmart/worker-bullmq';
import { createInProcessWorker } from '@bharatmart/worker-in-process';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { onCleanup } from '../core/cleanup.js';
import { interleaved, type Budget } from '../core/interleave.js';
import { purgeRedisPrefix } from '../core/redis-purge.js';
import { row, skipped, type ResultRow } from '../core/results.js';
import { RUN_ID, SERVICES, unreachable } from '../core/services.js';
import { round } from '../core/stats.js';

const TARGET = 1.1;
const JOB = 'email.welcome';

/** Resolvers of round trips in flight, by subject; a handler calls `done(subject)`. */
function roundTrips() {
  const waiting = new Map<string, () => void>();
  let n = 0;
  return {
    done: (subject: string) => {
      waiting.get(subject)?.();
      waiting.delete(subject);
    },
    /** Runs `enqueue(subject)` and resolves when the handler for that subject ran (10 s bound). */
    run: (enqueue: (subject: string) => Promise<unknown>) => {
      const subject = `${RUN_ID}-${n++}`;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`job ${subject} did not run within 10 s`)), 10_000);
        waiting.set(subject, () => {
          clearTimeout(timer);
          resolve();
        });
        enqueue(subject).catch(reject);
      });
    },
  };
}

/** BullMQ round trips take a Redis round trip each: fewer of them, in the same time bound. */
function bullmqBudget(budget: Budget): Budget {
  return { warmup: 50, iterations: Math.ceil(budget.iterations / 5), timeMs: budget.timeMs };
}

/**
 * In-process round trips take microseconds: thousands of warm-up calls (a few milliseconds) bring
 * both sides to V8's optimised code, which a worker running jobs all day runs on.
 */
function inProcessBudget(budget: Budget): Budget {
  return { warmup: 5_000, iterations: budget.iterations, timeMs: budget.timeMs };
}

async function inProcess(budget: Budget): Promise<ResultRow> {
  const trips = roundTrips();
  const worker = createInProcessWorker();
  worker.process(JOB, async (job) => trips.done(job.payload.userId), { concurrency: 1 });
  await worker.start();
  // The reference: the least a queue in this process can do — hand the job to the handler on the
  // next turn of the event loop.
  const plain = (subject: string) =>
    new Promise<void>((resolve) => {
      setImmediate(() => {
        trips.done(subject);
        resolve();
      });
    });
  try {
    const result = await interleaved(
      () => trips.run((subject) => worker.enqueue(JOB, { userId: subject }, { jobId: `${JOB}@${subject}` })),
      () => trips.run(plain),
      inProcessBudget(budget),
    );
    return row({
      name: 'worker in-process: enqueue+process round trip (adapter vs setImmediate hand-off)',
      ours: result.ours.p50,
      reference: result.reference.p50,
      unit: 'ms p50',
      target: TARGET,
      note: `reference is a bare setImmediate hand-off, not a queue library; p99 ${round(result.ours.p99)} vs ${round(result.reference.p99)} ms`,
    });
  } finally {
    await worker.stop({ timeoutMs: 2_000 });
    await worker.close();
  }
}

async function bullmq(budget: Budget): Promise<ResultRow> {
  const trips = roundTrips();
  const ourPrefix = `${RUN_ID}-adapter`;
  const directPrefix = `${RUN_ID}-direct`;
  const adapter: IWorkerAdapter = createBullmqWorker({ redisUrl: SERVICES.redis.url, prefix: ourPrefix });
  adapter.process(JOB, async (job) => trips.done(job.payload.userId), { concurrency: 1 });
  const connection = { host: SERVICES.redis.host, port: SERVICES.redis.port, maxRetriesPerRequest: null };
  const queue = new Queue(JOB, { connection, prefix: directPrefix });
  const worker = new Worker(JOB, async (job) => trips.done((job.data as { userId: string }).userId), {
    connection,
    prefix: directPrefix,
    concurrency: 1,
  });
  const admin = new Redis(SERVICES.redis.url);
  const stop = onCleanup('bullmq queues', async () => {
    await adapter.stop({ timeoutMs: 2_000 }).catch(() => undefined);
    await adapter.close();
    await worker.close();
    await queue.close();
    await purgeRedisPrefix(admin, `${ourPrefix}:`);
    await purgeRedisPrefix(admin, `${directPrefix}:`);
    admin.disconnect();
  });
  try {
    await adapter.start();
    await worker.waitUntilReady();
    const options = {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    };
    const result = await interleaved(
      () => trips.run((subject) => adapter.enqueue(JOB, { userId: subject }, { jobId: `${JOB}@${subject}` })),
      () =>
        trips.run((subject) =>
          queue.add(JOB, { userId: subject }, { ...options, jobId: `${JOB}@${subject}` }),
        ),
      bullmqBudget(budget),
    );
    return row({
      name: 'worker bullmq: enqueue+process round trip (adapter vs BullMQ direct)',
      ours: result.ours.p50,
      reference: result.reference.p50,
      unit: 'ms p50',
      target: TARGET,
      note: `same Redis, same job options, concurrency 1; p99 ${round(result.ours.p99)} vs ${round(result.reference.p99)} ms; n=${result.ours.samples}`,
    });
  } finally {
    await stop();
  }
}

/** Section 1c: enqueue-to-handler round trips through our worker adapters vs their references. */
export async function workerOverhead(budget: Budget, log: (line: string) => void): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  log('worker overhead: in-process');
  try {
    rows.push(await inProcess(budget));
  } catch (error) {
    rows.push(
      skipped('worker in-process: enqueue+process round trip', 'ms p50', `failed: ${String(error)}`, TARGET),
    );
  }
  const reason = await unreachable('redis');
  if (reason) {
    rows.push(
      skipped(
        'worker bullmq: enqueue+process round trip (adapter vs BullMQ direct)',
        'ms p50',
        reason,
        TARGET,
      ),
    );
    return rows;
  }
  log('worker overhead: bullmq');
  try {
    rows.push(await bullmq(budget));
  } catch (error) {
    rows.push(
      skipped(
        'worker bullmq: enqueue+process round trip (adapter vs BullMQ direct)',
        'ms p50',
        `failed: ${String(error)}`,
        TARGET,
      ),
    );
  }
  return rows;
}
