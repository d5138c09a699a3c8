import { cp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryCache } from '@bharatmart/cache-memory';
import { PGLITE_MEMORY, createPgliteDatabase } from '@bharatmart/database-pglite';
import { SeamMetrics, instrumentCache, instrumentDatabase } from '@bharatmart/telemetry';
import { onCleanup } from '../core/cleanup.js';
import { interleaved, type Budget } from '../core/interleave.js';
import { row, type ResultRow } from '../core/results.js';
import { round } from '../core/stats.js';
import { customerToken, pgliteFixture, type Fixture } from '../http/fixtures.js';
import { load, type LoadSpec } from '../http/load.js';
import { startServer, type Server } from '../http/processes.js';
import { API_ENTRY, SHARED, alternate, unreliable, type HttpBudget } from './http.js';

const ON_TARGET = 1.1;
const OFF_TARGET = 1.01;

/** A local OTLP/HTTP sink: answers every export, counts the bytes it was sent. */
async function startSink(): Promise<{ url: string; bytes: () => number }> {
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup('otlp sink', () => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bytes: () => bytes };
}

/**
 * Tracing off: what the container's seams (measuring every call, making no span) add to an adapter,
 * against the same adapter unwrapped, one call at a time: PGlite `products.get` and a memory-cache
 * hit. Target ≤ 1.01.
 */
async function seamsOff(budget: Budget): Promise<ResultRow[]> {
  const metrics = new SeamMetrics();
  const db = createPgliteDatabase({ dataDir: PGLITE_MEMORY });
  onCleanup('tracing pglite', () => db.close());
  await db.migrations.latest();
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    const product = await db.products.create({
      sku: `TRACE-${i}`,
      name: `Traced product ${i}`,
      description: 'bench',
      price: 10_000 + i,
      currency: 'INR',
      stock: 100,
      category: 'bench',
    });
    ids.push(product.id);
  }
  const measured = instrumentDatabase(db, { backend: () => 'pglite', metrics, tracing: false });
  const cache = createMemoryCache();
  const measuredCache = instrumentCache(cache, { cache: 'memory', metrics, tracing: false });
  for (const id of ids) await cache.set(id, { id, name: 'cached' }, 600);
  let i = 0;
  const get = await interleaved(
    () => measured.products.get(ids[i++ % ids.length] ?? ''),
    () => db.products.get(ids[i % ids.length] ?? ''),
    budget,
  );
  let j = 0;
  const hit = await interleaved(
    () => measuredCache.get(ids[j++ % ids.length] ?? ''),
    () => cache.get(ids[j % ids.length] ?? ''),
    budget,
  );
  await cache.close();
  const note = (r: typeof get) =>
    `tracing off: metrics only; p99 ${round(r.ours.p99, 4)} vs ${round(r.reference.p99, 4)} ms`;
  return [
    row({
      name: 'tracing off: PGlite products.get (measured vs unwrapped adapter)',
      ours: get.ours.p50,
      reference: get.reference.p50,
      unit: 'ms p50',
      target: OFF_TARGET,
      note: note(get),
    }),
    row({
      name: 'tracing off: memory cache get hit (measured vs unwrapped adapter)',
      ours: hit.ours.p50,
      reference: hit.reference.p50,
      unit: 'ms p50',
      target: OFF_TARGET,
      note: note(hit),
    }),
  ];
}

/**
 * Tracing on: the built API on PGlite exporting every span (http/protobuf) to a local sink, against
 * the same API with tracing off, each on its own copy of one seeded database: the cached product
 * read and POST /orders. The target (≤ 1.10) is the p50 of one request at a time, the latency a
 * request gains (autocannon's fixed rates send each second's requests in a burst, which measures the
 * queue); the same pair saturated by 10 connections shows the throughput the spans' CPU costs on
 * these 2 shared cores (no target).
 */
async function apiOnVsOff(budget: HttpBudget, log: (line: string) => void): Promise<ResultRow[]> {
  const fixture = await pgliteFixture(budget.products);
  const sink = await startSink();
  const tracingOn = (label: string, dataDir: string, sampler: Record<string, string> = {}) =>
    startServer(label, API_ENTRY, {
      ...fixture.apiEnv,
      PGLITE_DATA_DIR: dataDir,
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      ...sampler,
    });
  // Copied before any server opens the seeded database; the tracing-on server uses the fixture's
  // second copy (made for the bare server of section 2).
  const sampledDir = await copyOfDatabase(fixture, 'sampled');
  const unsampledDir = await copyOfDatabase(fixture, 'unsampled');
  const off = await startServer('api (tracing off)', API_ENTRY, fixture.apiEnv);
  const on = await tracingOn('api (tracing on)', fixture.bareEnv.BARE_PGLITE_DIR ?? '');
  try {
    const tokens = new Map<Server, string>([
      [off, await customerToken(off.baseUrl)],
      [on, await customerToken(on.baseUrl)],
    ]);
    const hot = fixture.productIds.slice(0, 50);
    const ordered = fixture.productIds.slice(50, 250);
    let i = 0;
    let k = 0;
    const scenarios = [
      {
        label: 'GET product by id (cache hit)',
        warmup: budget.warmupSeconds,
        spec: (server: Server): Omit<LoadSpec, 'seconds'> => ({
          url: server.baseUrl,
          connections: 10,
          maxRequests: 300_000,
          path: () => `/api/v1/products/${hot[i++ % hot.length]}`,
        }),
      },
      {
        label: 'POST order (1 item)',
        warmup: budget.orderWarmupSeconds,
        spec: (server: Server): Omit<LoadSpec, 'seconds'> => ({
          url: server.baseUrl,
          connections: 10,
          maxRequests: 300_000,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(server)}` },
          path: () => '/api/v1/orders',
          body: () => JSON.stringify({ items: [{ productId: ordered[k++ % ordered.length], quantity: 1 }] }),
        }),
      },
    ];
    const rows: ResultRow[] = [];
    const compare = (spec: (server: Server) => Omit<LoadSpec, 'seconds'>, connections: number) =>
      alternate(
        budget.rounds,
        () => load({ ...spec(on), connections, seconds: budget.seconds }),
        () => load({ ...spec(off), connections, seconds: budget.seconds }),
      );
    for (const scenario of scenarios) {
      log(`tracing: ${scenario.label}`);
      await load({ ...scenario.spec(on), seconds: scenario.warmup });
      await load({ ...scenario.spec(off), seconds: scenario.warmup });
      const single = await compare(scenario.spec, 1);
      const saturated = await compare(scenario.spec, 10);
      rows.push(
        row({
          name: `tracing on: ${scenario.label} p50 @1 conn (exporting to a local receiver vs off)`,
          ours: single.ours.p50,
          reference: single.reference.p50,
          unit: 'ms p50',
          target: ON_TARGET,
          note: `${SHARED}, and so does the receiver; one request at a time; p99 ${round(single.ours.p99)} vs ${round(single.reference.p99)} ms; ${Math.round(sink.bytes() / 1024)} KiB of spans exported so far${unreliable(single)}`,
        }),
        row({
          name: `tracing on: ${scenario.label} p50 @10 conns, saturated (exporting to a local receiver vs off)`,
          ours: saturated.ours.p50,
          reference: saturated.reference.p50,
          unit: 'ms p50',
          note: `every span of every request exported, no sampling; ${round(saturated.ours.rps)} vs ${round(saturated.reference.rps)} req/s; p99 ${round(saturated.ours.p99)} vs ${round(saturated.reference.p99)} ms; no target: the CPU the spans take, on 2 cores shared with the load generator and the receiver${unreliable(saturated)}`,
        }),
      );
    }
    log('tracing: GET product by id (cache hit), sampled 1 in 10 and nothing sampled');
    rows.push(
      ...(await samplingRows(
        off,
        [
          {
            label: 'sampling 1 request in 10 (parentbased_traceidratio 0.1)',
            server: await tracingOn('api (tracing on, 1 in 10)', sampledDir, {
              OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
              OTEL_TRACES_SAMPLER_ARG: '0.1',
            }),
          },
          {
            label: 'sampling nothing (always_off: the SDK and Fastify plugin alone)',
            server: await tracingOn('api (tracing on, always_off)', unsampledDir, {
              OTEL_TRACES_SAMPLER: 'always_off',
            }),
          },
        ],
        () => `/api/v1/products/${hot[i++ % hot.length]}`,
        budget,
      )),
    );
    return rows;
  } finally {
    await on.stop();
    await off.stop();
  }
}

/** A copy of the fixture's seeded PGlite database for one more server; removed with the fixture's. */
async function copyOfDatabase(fixture: Fixture, name: string): Promise<string> {
  const dir = `${fixture.apiEnv.PGLITE_DATA_DIR}-${name}`;
  await cp(fixture.apiEnv.PGLITE_DATA_DIR ?? '', dir, { recursive: true });
  return dir;
}

/**
 * Information rows for the operator's choices short of tracing every request: the cached read one
 * request at a time on each of `variants` (tracing on, other samplers) against `off`. Each variant's
 * server is stopped once measured.
 */
async function samplingRows(
  off: Server,
  variants: { label: string; server: Server }[],
  path: () => string,
  budget: HttpBudget,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const oneAtATime = (server: Server, seconds = budget.seconds) =>
    load({ url: server.baseUrl, connections: 1, maxRequests: 300_000, seconds, path });
  for (const { label, server } of variants) {
    try {
      await oneAtATime(server, budget.warmupSeconds);
      const result = await alternate(
        budget.rounds,
        () => oneAtATime(server),
        () => oneAtATime(off),
      );
      rows.push(
        row({
          name: `tracing on, ${label}: GET product by id (cache hit) p50 @1 conn (vs off)`,
          ours: result.ours.p50,
          reference: result.reference.p50,
          unit: 'ms p50',
          note: `no target: what an operator who samples pays; one request at a time; p99 ${round(result.ours.p99)} vs ${round(result.reference.p99)} ms${unreliable(result)}`,
        }),
      );
    } finally {
      await server.stop();
    }
  }
  return rows;
}

/** Section 5: the cost of tracing, on (exporting) and off (the seams alone). */
export async function tracingOverhead(
  budget: Budget,
  httpBudget: HttpBudget,
  log: (line: string) => void,
): Promise<ResultRow[]> {
  log('tracing off: the seams alone');
  const rows = await seamsOff(budget);
  rows.push(...(await apiOnVsOff(httpBudget, log)));
  return rows;
}
