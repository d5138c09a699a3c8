import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { onCleanup } from '../core/cleanup.js';
import { purgeRedisPrefix } from '../core/redis-purge.js';
import { row, skipped, type ResultRow } from '../core/results.js';
import { RUN_ID, SERVICES, unreachable } from '../core/services.js';
import { postgresFixture, type Fixture } from '../http/fixtures.js';
import { load } from '../http/load.js';
import { startNginx } from '../http/nginx.js';
import { startServer, type Server } from '../http/processes.js';
import { API_ENTRY, SHARED, alternate } from './http.js';
import { searchSection } from './search.js';

const WORKER_ENTRY = fileURLToPath(new URL('../cli/bullmq-worker.js', import.meta.url));

function byIdLoad(url: string, ids: string[], connections: number, seconds: number) {
  let i = 0;
  const hot = ids.slice(0, 50);
  return () =>
    load({
      url,
      connections,
      seconds,
      maxRequests: 300_000,
      path: () => `/api/v1/products/${hot[i++ % hot.length]}`,
    });
}

/** Section 2b: the API through nginx against the API directly (product by id, cache hit). */
export async function nginxVsDirect(
  api: Server,
  fixture: Fixture,
  rounds: number,
  seconds: number,
): Promise<ResultRow[]> {
  const nginx = await startNginx([api.baseUrl]);
  try {
    await byIdLoad(nginx.baseUrl, fixture.productIds, 10, 1)();
    const latency = await alternate(
      rounds,
      byIdLoad(nginx.baseUrl, fixture.productIds, 10, seconds),
      byIdLoad(api.baseUrl, fixture.productIds, 10, seconds),
    );
    const throughput = await alternate(
      rounds,
      byIdLoad(nginx.baseUrl, fixture.productIds, 50, seconds),
      byIdLoad(api.baseUrl, fixture.productIds, 50, seconds),
    );
    const note = `${SHARED} and nginx (1 worker process, keep-alive upstream)`;
    return [
      row({
        name: 'nginx: GET product by id p50 @10 conns (via nginx vs direct)',
        ours: latency.ours.p50,
        reference: latency.reference.p50,
        unit: 'ms p50',
        target: 1.3,
        note,
      }),
      row({
        name: 'nginx: GET product by id req/s @50 conns (direct / via nginx)',
        ours: throughput.ours.rps,
        reference: throughput.reference.rps,
        unit: 'req/s',
        target: 1.3,
        invert: true,
        note,
      }),
    ];
  } finally {
    await nginx.stop();
  }
}

async function apiScaling(rounds: number, seconds: number): Promise<ResultRow> {
  const fixture = await postgresFixture(1_000, 'scale_api');
  const first = await startServer('api scale 1', API_ENTRY, fixture.apiEnv);
  const second = await startServer('api scale 2', API_ENTRY, fixture.apiEnv);
  const one = await startNginx([first.baseUrl]);
  const two = await startNginx([first.baseUrl, second.baseUrl]);
  try {
    await byIdLoad(two.baseUrl, fixture.productIds, 50, 2)();
    const result = await alternate(
      rounds,
      byIdLoad(two.baseUrl, fixture.productIds, 50, seconds),
      byIdLoad(one.baseUrl, fixture.productIds, 50, seconds),
    );
    return row({
      name: 'scale: API req/s behind nginx, 2 processes vs 1 (postgresql, product by id)',
      ours: result.ours.rps,
      reference: result.reference.rps,
      unit: 'req/s',
      higher: true,
      note: `${SHARED} and nginx: 2 API processes on 2 cores cannot double; no target set`,
    });
  } finally {
    await Promise.all([one.stop(), two.stop(), first.stop(), second.stop()]);
  }
}

/**
 * Jobs per second for `processes` worker processes (concurrency 5 each, handler waiting `jobMs`) to
 * drain `jobs` jobs. The queue is paused while the jobs are added, so the producer's work and the
 * processes' start-up fall outside the timed drain.
 */
async function drain(processes: number, jobs: number, jobMs: number): Promise<number> {
  const prefix = `${RUN_ID}-scale${processes}-${jobMs}ms`;
  const connection = { host: SERVICES.redis.host, port: SERVICES.redis.port, maxRetriesPerRequest: null };
  const queue = new Queue('email.welcome', { connection, prefix });
  const admin = new Redis(SERVICES.redis.url);
  const stopQueue = onCleanup(`bullmq scale queue ${prefix}`, async () => {
    await queue.close();
    await purgeRedisPrefix(admin, `${prefix}:`);
    admin.disconnect();
  });
  const workers: Server[] = [];
  try {
    await queue.pause();
    for (let p = 0; p < processes; p++) {
      workers.push(
        await startServer(`bullmq worker ${p}`, WORKER_ENTRY, {
          BENCH_REDIS_URL: SERVICES.redis.url,
          BENCH_PREFIX: prefix,
          BENCH_CONCURRENCY: '5',
          BENCH_JOB_MS: String(jobMs),
        }),
      );
    }
    for (let i = 0; i < jobs; i += 500) {
      await queue.addBulk(
        Array.from({ length: Math.min(500, jobs - i) }, (_, k) => ({
          name: 'email.welcome',
          data: { userId: `u${i + k}` },
          opts: { jobId: `email.welcome@u${i + k}`, removeOnComplete: 1000, attempts: 5 },
        })),
      );
    }
    const started = performance.now();
    await queue.resume();
    while (performance.now() - started < 60_000) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return (jobs * 1000) / (performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${jobs} jobs did not drain within 60 s`);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await stopQueue();
  }
}

/** Jobs/s of two worker processes against one, for jobs that wait `jobMs` each. */
async function workerScaling(jobs: number, jobMs: number, target: number | undefined, note: string) {
  const one = await drain(1, jobs, jobMs);
  const two = await drain(2, jobs, jobMs);
  return row({
    name: `scale: BullMQ jobs/s, 2 worker processes vs 1, jobs waiting ${jobMs} ms`,
    ours: two,
    reference: one,
    unit: 'jobs/s',
    target,
    higher: true,
    note: `${jobs} jobs queued while paused, then drained; concurrency 5 per process; ${note}`,
  });
}

/** Section 3: scaling — API processes behind nginx, BullMQ worker processes, catalog size. */
export async function scaling(
  rounds: number,
  seconds: number,
  log: (line: string) => void,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const pgDown = await unreachable('postgres');
  const redisDown = await unreachable('redis');
  const attempt = async (
    name: string,
    unit: string,
    reason: string | undefined,
    run: () => Promise<ResultRow | ResultRow[]>,
    target?: number,
    higher?: boolean,
  ) => {
    if (reason) return void rows.push(skipped(name, unit, reason, target, higher));
    log(`scaling: ${name}`);
    try {
      const result = await run();
      rows.push(...(Array.isArray(result) ? result : [result]));
    } catch (error) {
      rows.push(
        skipped(
          name,
          unit,
          `failed: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`,
          target,
          higher,
        ),
      );
    }
  };
  await attempt('scale: API req/s behind nginx, 2 processes vs 1', 'req/s', pgDown, () =>
    apiScaling(rounds, seconds),
  );
  await attempt(
    'scale: BullMQ jobs/s, 2 worker processes vs 1, jobs waiting 10 ms',
    'jobs/s',
    redisDown,
    () =>
      workerScaling(3_000, 10, 1.6, 'I/O-bound, like a payment or an email: the processes have CPU to spare'),
    1.6,
    true,
  );
  await attempt('scale: BullMQ jobs/s, 2 worker processes vs 1, jobs waiting 1 ms', 'jobs/s', redisDown, () =>
    workerScaling(
      4_000,
      1,
      undefined,
      'CPU-bound on this machine: Redis and both processes share its 2 cores; no target set',
    ),
  );
  rows.push(...(await searchSection(rounds, seconds, log)));
  return rows;
}
