import { fileURLToPath } from 'node:url';
import { row, skipped, type ResultRow } from '../core/results.js';
import { MIN_PRICE } from '../core/seed.js';
import { unreachable } from '../core/services.js';
import { median, round } from '../core/stats.js';
import { customerToken, pgliteFixture, postgresFixture, type Fixture } from '../http/fixtures.js';
import { load, type LoadResult, type LoadSpec } from '../http/load.js';
import { startServer, type Server } from '../http/processes.js';

/** Paths of the built entries, from bench/dist/sections. */
export const API_ENTRY = fileURLToPath(new URL('../../../apps/api/dist/main.js', import.meta.url));
/** The bare Fastify reference server. */
export const BARE_ENTRY = fileURLToPath(new URL('../cli/bare-server.js', import.meta.url));

/** Durations of the HTTP section. */
export interface HttpBudget {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  /**
   * Warm-up of the order scenario. Its writes run code paths the reads never reached, and PGlite's
   * WebAssembly (and the API's own code) takes thousands of orders to reach V8's optimised tier;
   * measured after the read warm-up alone, orders compared how fast each server warmed up.
   */
  orderWarmupSeconds: number;
  products: number;
}

/** Stated beside every HTTP figure. */
/** API vs bare Fastify doing the same driver work, p50 and req/s (issue #20: tightened from 1.25). */
const API_VS_BARE = 1.15;

export const SHARED = 'autocannon shares the 2 cores with the server(s)';
const MAX_REQUESTS = 300_000;
let missCounter = 1;

/** One HTTP scenario: how to build the next request for the API and for the bare server. */
interface Scenario {
  label: string;
  method: 'GET' | 'POST';
  path: () => string;
  body?: () => string;
  /** Sent to the API only (the bare server has no auth). */
  apiHeaders?: Record<string, string>;
  /** Warm-up per server, when not the budget's `warmupSeconds`. */
  warmupSeconds?: number;
}

function scenarios(ids: string[], token: string, budget: HttpBudget): Scenario[] {
  let i = 0;
  let k = 0;
  const hot = ids.slice(0, 50);
  const ordered = ids.slice(50, 250);
  return [
    {
      label: 'GET product by id (cache hit)',
      method: 'GET',
      path: () => `/api/v1/products/${hot[i++ % hot.length]}`,
    },
    {
      label: 'GET product search (cache miss)',
      method: 'GET',
      // A new minPrice below every price: a new cache key, the same rows and the same SQL work.
      path: () => `/api/v1/products?search=masala&minPrice=${missCounter++ % MIN_PRICE}`,
    },
    { label: 'GET product search (cache hit)', method: 'GET', path: () => '/api/v1/products?search=masala' },
    {
      label: 'POST order (1 item)',
      method: 'POST',
      path: () => '/api/v1/orders',
      body: () => JSON.stringify({ items: [{ productId: ordered[k++ % ordered.length], quantity: 1 }] }),
      apiHeaders: { authorization: `Bearer ${token}` },
      warmupSeconds: budget.orderWarmupSeconds,
    },
  ];
}

function spec(
  server: Server,
  scenario: Scenario,
  connections: number,
  seconds: number,
  api: boolean,
): LoadSpec {
  const headers = { 'content-type': 'application/json', ...(api ? scenario.apiHeaders : {}) };
  return {
    url: server.baseUrl,
    connections,
    seconds,
    maxRequests: MAX_REQUESTS,
    method: scenario.method,
    headers,
    path: scenario.path,
    ...(scenario.body ? { body: scenario.body } : {}),
  };
}

/**
 * Runs `a` and `b` alternately for `rounds` rounds (order swapped every round); each side's figures
 * are the medians over its rounds, so one disturbed round does not move the result.
 */
export async function alternate(rounds: number, a: () => Promise<LoadResult>, b: () => Promise<LoadResult>) {
  const ours: LoadResult[] = [];
  const reference: LoadResult[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      ours.push(await a());
      reference.push(await b());
    } else {
      reference.push(await b());
      ours.push(await a());
    }
  }
  const sum = (list: LoadResult[]) => ({
    p50: median(list.map((x) => x.p50)),
    p99: median(list.map((x) => x.p99)),
    rps: median(list.map((x) => x.rps)),
    bad: list.reduce((n, x) => n + x.bad, 0),
    requests: list.reduce((n, x) => n + x.requests, 0),
  });
  return { ours: sum(ours), reference: sum(reference) };
}

/**
 * The note a row gets when any of `comparisons` (from `alternate`) met non-2xx answers or errors,
 * counting them; empty when none did.
 */
export function unreliable(...comparisons: Awaited<ReturnType<typeof alternate>>[]): string {
  const bad = comparisons.reduce((n, { ours, reference }) => n + ours.bad + reference.bad, 0);
  return bad > 0 ? `; ${bad} non-2xx/errors (figures unreliable)` : '';
}

async function compareServers(db: string, fixture: Fixture, budget: HttpBudget, log: (line: string) => void) {
  const api = await startServer(`api (${db})`, API_ENTRY, fixture.apiEnv);
  const bare = await startServer(`bare fastify (${db})`, BARE_ENTRY, fixture.bareEnv);
  const rows: ResultRow[] = [];
  const p50s: Record<string, number> = {};
  try {
    const token = await customerToken(api.baseUrl);
    for (const scenario of scenarios(fixture.productIds, token, budget)) {
      log(`http ${db}: ${scenario.label}`);
      const warmup = scenario.warmupSeconds ?? budget.warmupSeconds;
      await load(spec(api, scenario, 10, warmup, true));
      await load(spec(bare, scenario, 10, warmup, false));
      const latency = await alternate(
        budget.rounds,
        () => load(spec(api, scenario, 10, budget.seconds, true)),
        () => load(spec(bare, scenario, 10, budget.seconds, false)),
      );
      const throughput = await alternate(
        budget.rounds,
        () => load(spec(api, scenario, 50, budget.seconds, true)),
        () => load(spec(bare, scenario, 50, budget.seconds, false)),
      );
      const badNote = unreliable(latency, throughput);
      p50s[scenario.label] = latency.ours.p50;
      rows.push(
        row({
          name: `http ${db}: ${scenario.label} p50 @10 conns (API vs bare Fastify)`,
          ours: latency.ours.p50,
          reference: latency.reference.p50,
          unit: 'ms p50',
          target: API_VS_BARE,
          note: `${SHARED}; p99 ${round(latency.ours.p99)} vs ${round(latency.reference.p99)} ms; ${latency.ours.requests} vs ${latency.reference.requests} requests${badNote}`,
        }),
        row({
          name: `http ${db}: ${scenario.label} req/s @50 conns (bare Fastify / API)`,
          ours: throughput.ours.rps,
          reference: throughput.reference.rps,
          unit: 'req/s',
          target: API_VS_BARE,
          invert: true,
          note: `${SHARED}; ratio = bare req/s / API req/s${badNote}`,
        }),
      );
    }
    const miss = p50s['GET product search (cache miss)'];
    const hit = p50s['GET product search (cache hit)'];
    if (miss !== undefined && hit !== undefined) {
      rows.push(
        row({
          name: `http ${db}: API product search cached vs uncached (p50 @10 conns, uncached / cached)`,
          ours: miss,
          reference: hit,
          unit: 'ms p50',
          target: 5,
          higher: true,
          note: `${SHARED}; ${budget.products} products, "masala" matches 1 in 8`,
        }),
      );
    }
    return { rows, api, bare };
  } catch (error) {
    await api.stop();
    await bare.stop();
    throw error;
  }
}

/** Section 2: the built API against a bare Fastify doing the same driver work, per database. */
export async function httpSection(
  budget: HttpBudget,
  backends: ('pglite' | 'postgresql')[],
  log: (line: string) => void,
): Promise<{ rows: ResultRow[]; keep?: { api: Server; bare: Server; fixture: Fixture } }> {
  const rows: ResultRow[] = [];
  let keep: { api: Server; bare: Server; fixture: Fixture } | undefined;
  for (const db of backends) {
    const reason = db === 'postgresql' ? await unreachable('postgres') : undefined;
    if (reason) {
      rows.push(skipped(`http ${db}: all scenarios`, 'ms p50', reason, 1.25));
      continue;
    }
    try {
      const fixture =
        db === 'pglite'
          ? await pgliteFixture(budget.products)
          : await postgresFixture(budget.products, 'http');
      const result = await compareServers(db, fixture, budget, log);
      rows.push(...result.rows);
      if (!keep) keep = { api: result.api, bare: result.bare, fixture };
      else {
        await result.api.stop();
        await result.bare.stop();
      }
    } catch (error) {
      rows.push(
        skipped(
          `http ${db}: all scenarios`,
          'ms p50',
          `failed: ${error instanceof Error ? error.message.slice(0, 500) : String(error)}`,
          1.25,
        ),
      );
    }
  }
  return { rows, ...(keep ? { keep } : {}) };
}
