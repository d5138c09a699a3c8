import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { onCleanup } from '../core/cleanup.js';
import { freePort } from '../core/free-port.js';
import { purgeRedisPrefix } from '../core/redis-purge.js';
import { machine } from '../core/results.js';
import { RUN_ID, SERVICES, unreachable } from '../core/services.js';
import { round } from '../core/stats.js';
import { API_BASE_ENV, postgresFixture } from '../http/fixtures.js';
import { startNginx } from '../http/nginx.js';
import { startServer, type Server } from '../http/processes.js';
import { MixedLoad } from '../soak/mixed-load.js';
import { childPids, heapUsedMiB, residentMiB } from '../soak/process-memory.js';
import { plotSoak } from '../soak/soak-plot.js';
import { SOAK_LIMITS, soakFailures, type SoakMinute } from '../soak/soak-verdict.js';
import { API_ENTRY } from './http.js';

const WORKER_ENTRY = fileURLToPath(new URL('../../../apps/worker/dist/main.js', import.meta.url));

/** Requests a second the soak offers, whatever the shop answers, unless `--rate` says otherwise. */
export const SOAK_RATE = 80;
const PRODUCTS = 10_000;
const CUSTOMERS = 50;
/**
 * The load runs this long before minute 1, measured and logged but not judged: each process grows
 * into its working set (V8's heap, JIT code, pools) in the first half minute to three minutes of
 * load, at a pace that varied from run to run, and a leak is growth after that.
 */
const WARM_UP_MS = 60_000;
/**
 * RSS is sampled this often. Each minute reports the least sample, the floor a leak would raise: a
 * registration's scrypt hash holds 128 MiB for a moment, so a single reading (or the median, on a
 * busy machine) shows whether hashes happened to be running, not what the process keeps. It also
 * reports the largest, the peak a memory limit must hold.
 */
const RSS_SAMPLE_MS = 2_000;

/** The oldest pending outbox entry's age (s) and how many are pending, read straight from PostgreSQL. */
async function outboxState(pool: pg.Pool): Promise<{ pending: number; lagSeconds: number }> {
  const { rows } = await pool.query<{ pending: string; oldest: Date | string | null }>(
    `select count(*) as pending, min(created_at) as oldest from outbox where status = 'pending'`,
  );
  const pending = Number(rows[0]?.pending ?? 0);
  const oldest = rows[0]?.oldest;
  return {
    pending,
    lagSeconds: oldest ? Math.max(0, (Date.now() - new Date(oldest).getTime()) / 1000) : 0,
  };
}

/**
 * `pick` (`Math.min` for a floor, `Math.max` for a peak) of each label's samples, rounded; null for
 * a label that had none or was gone.
 */
function perLabel(
  labels: string[],
  samples: Record<string, number[]>,
  gone: Set<string>,
  pick: (...values: number[]) => number,
) {
  return Object.fromEntries(
    labels.map((label) => {
      const taken = samples[label] ?? [];
      return [label, gone.has(label) || taken.length === 0 ? null : round(pick(...taken))];
    }),
  );
}

/**
 * Samples every RSS_SAMPLE_MS for `ms`: each process's least RSS (MiB), null once it is gone, the
 * level a leak would raise; its largest, what a memory limit must hold; and the least V8 heap in use
 * (MiB) of each process serving `/metrics`, the level its live objects keep.
 */
async function sampleMemory(
  pids: Record<string, number>,
  metricsUrls: Record<string, string>,
  ms: number,
): Promise<Pick<SoakMinute, 'rssMiB' | 'rssPeakMiB' | 'heapUsedMiB'>> {
  const rss: Record<string, number[]> = {};
  const heap: Record<string, number[]> = {};
  const gone = new Set<string>();
  // Bounded by the clock, not by a count of samples: a slow /metrics answer must not stretch the minute.
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(RSS_SAMPLE_MS, deadline - Date.now())));
    await Promise.all([
      ...Object.entries(pids).map(async ([label, pid]) => {
        const resident = await residentMiB(pid);
        if (resident === null) gone.add(label);
        else (rss[label] ??= []).push(resident);
      }),
      ...Object.entries(metricsUrls).map(async ([label, url]) => {
        const used = await heapUsedMiB(url);
        if (used !== null) (heap[label] ??= []).push(used);
      }),
    ]);
  }
  return {
    rssMiB: perLabel(Object.keys(pids), rss, gone, Math.min),
    rssPeakMiB: perLabel(Object.keys(pids), rss, gone, Math.max),
    heapUsedMiB: perLabel(Object.keys(metricsUrls), heap, gone, Math.min),
  };
}

/**
 * `pnpm bench --soak [minutes]`: nginx in front of two API processes, two `start:worker` processes,
 * on PostgreSQL with BullMQ and the Redis cache, under `rate` requests a second of MixedLoad for
 * `minutes`. Logs and keeps one line per minute (requests/s, p50/p99 overall and by kind of request,
 * errors, every process's RSS floor and peak and heap floor, outbox size and lag), writes
 * results/soak.json and results/soak.png, and returns why it failed (soakFailures), empty when it
 * passed.
 */
export async function soak(
  minutes: number,
  rate: number,
  resultsDir: string,
  log: (line: string) => void,
): Promise<string[]> {
  for (const service of ['postgres', 'redis'] as const) {
    const reason = await unreachable(service);
    if (reason) throw new Error(`the soak needs ${service}: ${reason}`);
  }
  log(`soak: seeding ${PRODUCTS} products on PostgreSQL`);
  const fixture = await postgresFixture(PRODUCTS, 'soak');
  const prefix = `${RUN_ID}-soak`;
  const redis = new Redis(SERVICES.redis.url);
  onCleanup(`soak redis keys ${prefix}`, async () => {
    await purgeRedisPrefix(redis, prefix);
    redis.disconnect();
  });
  const env = {
    ...fixture.apiEnv,
    WORKER_MODE: 'bull-queue',
    QUEUE_REDIS_URL: SERVICES.redis.url,
    QUEUE_PREFIX: prefix,
    CACHE_TYPE: 'redis',
    CACHE_REDIS_URL: SERVICES.redis.url,
    CACHE_KEY_PREFIX: `${prefix}:cache:`,
    AUTH_RATE_LIMIT_MAX: '100000',
    ORDER_MAX_PENDING_PER_CUSTOMER: '0',
  };
  const processes: Record<string, Server> = {};
  processes['api 1'] = await startServer('soak api 1', API_ENTRY, env);
  processes['api 2'] = await startServer('soak api 2', API_ENTRY, env);
  const metricsUrls: Record<string, string> = {
    'api 1': `${processes['api 1'].baseUrl}/metrics`,
    'api 2': `${processes['api 2'].baseUrl}/metrics`,
  };
  for (const name of ['worker 1', 'worker 2']) {
    const healthPort = await freePort();
    processes[name] = await startServer(
      `soak ${name}`,
      WORKER_ENTRY,
      { ...env, WORKER_HEALTH_PORT: String(healthPort) },
      [],
      /worker started/,
    );
    metricsUrls[name] = `http://127.0.0.1:${healthPort}/metrics`;
  }
  const nginx = await startNginx([processes['api 1'].baseUrl, processes['api 2'].baseUrl]);
  const pids: Record<string, number> = Object.fromEntries(
    Object.entries(processes).map(([label, server]) => [label, server.pid]),
  );
  const nginxWorkers = await childPids(nginx.pid);
  pids['nginx master'] = nginx.pid;
  nginxWorkers.forEach((pid, index) => (pids[`nginx worker ${index + 1}`] = pid));

  const pool = new pg.Pool({ connectionString: fixture.apiEnv.DATABASE_URL, max: 1 });
  onCleanup('soak outbox pool', () => pool.end());
  const admin = await fetch(`${nginx.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: API_BASE_ENV.ADMIN_EMAIL, password: API_BASE_ENV.ADMIN_PASSWORD }),
  });
  const { token: adminToken } = (await admin.json()) as { token: string };
  const load = new MixedLoad({ baseUrl: nginx.baseUrl, productIds: fixture.productIds, adminToken }, rate);
  await load.prepare(CUSTOMERS);
  log(
    `soak: ${minutes} min at ${rate} req/s through nginx → 2 API processes, 2 workers (BullMQ), PostgreSQL, Redis cache`,
  );

  /**
   * One measured stretch of load: what the load saw, memory floors and peaks, the outbox; logged as
   * `label`.
   */
  const measure = async (minute: number, label: string, ms: number): Promise<SoakMinute> => {
    const started = Date.now();
    const { rssMiB, rssPeakMiB, heapUsedMiB } = await sampleMemory(pids, metricsUrls, ms);
    const interval = load.takeInterval();
    const seconds = (Date.now() - started) / 1000;
    const outbox = await outboxState(pool);
    const record: SoakMinute = {
      minute,
      ...interval,
      p50: round(interval.p50),
      p99: round(interval.p99),
      byKind: Object.fromEntries(
        Object.entries(interval.byKind).map(([kind, latency]) => [
          kind,
          { requests: latency.requests, p50: round(latency.p50), p99: round(latency.p99) },
        ]),
      ),
      requestsPerSecond: round(interval.requests / seconds),
      rssMiB,
      rssPeakMiB,
      heapUsedMiB,
      outboxPending: outbox.pending,
      outboxLagSeconds: round(outbox.lagSeconds),
    };
    log(
      `${label}: ${record.requestsPerSecond} req/s, p50 ${record.p50} ms, p99 ${record.p99} ms, ` +
        `${record.errors} errors, ${record.shed} shed, outbox ${record.outboxPending} pending (lag ${record.outboxLagSeconds} s), ` +
        `p50/p99 by kind ${Object.entries(record.byKind)
          .map(([kind, latency]) => `${kind} ${latency.p50}/${latency.p99}`)
          .join(', ')} ms, ` +
        `RSS floor / peak ${Object.entries(rssMiB)
          .map(([label, rss]) => `${label} ${rss ?? 'gone'} / ${rssPeakMiB[label] ?? 'gone'}`)
          .join(', ')} MiB, heap ${Object.entries(heapUsedMiB)
          .map(([label, used]) => `${label} ${used ?? '?'}`)
          .join(', ')} MiB`,
    );
    return record;
  };

  const perMinute: SoakMinute[] = [];
  let warmUp: SoakMinute;
  load.start();
  try {
    warmUp = await measure(0, 'soak warm-up (not judged)', WARM_UP_MS);
    for (let minute = 1; minute <= minutes; minute++) {
      perMinute.push(await measure(minute, `soak minute ${minute}`, 60_000));
    }
  } finally {
    await load.stop();
  }
  const failures = soakFailures(perMinute, warmUp);
  if (failures.length > 0 && nginx.errors()) log(`nginx error log (end):\n${nginx.errors()}`);
  const result = {
    mode: 'soak',
    recordedAt: new Date().toISOString(),
    machine: machine(),
    setup: {
      minutes,
      ratePerSecond: rate,
      products: PRODUCTS,
      processes: Object.keys(pids),
      stack: 'nginx → 2 API processes; 2 start:worker processes; PostgreSQL; BullMQ and cache on Redis',
      limits: SOAK_LIMITS,
    },
    verdict: failures.length === 0 ? 'pass' : 'fail',
    failures,
    warmUp,
    perMinute,
  };
  await writeFile(join(resultsDir, 'soak.json'), `${JSON.stringify(result, null, 2)}\n`);
  await plotSoak(
    perMinute,
    `BharatMart soak: ${minutes} min at ${rate} req/s (${result.verdict})`,
    join(resultsDir, 'soak.png'),
  );
  await nginx.stop();
  await Promise.all(Object.values(processes).map((server) => server.stop()));
  return failures;
}
