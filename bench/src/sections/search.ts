import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_TOTAL_CAP, type IDatabaseAdapter } from '@bharatmart/core';
import { createMysqlDatabase } from '@bharatmart/database-mysql';
import { createPgliteDatabase } from '@bharatmart/database-pglite';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import pg from 'pg';
import { onCleanup } from '../core/cleanup.js';
import { cpuMs, ownCpuMs } from '../core/process-cpu.js';
import { interleaved } from '../core/interleave.js';
import { seedPgliteDir } from '../core/pglite-dir.js';
import { row, skipped, type ResultRow } from '../core/results.js';
import { MIN_PRICE, seedProducts, type Execute } from '../core/seed.js';
import { freshMysqlDatabase, freshPostgresDatabase, unreachable } from '../core/services.js';
import { round } from '../core/stats.js';
import { postgresFixture } from '../http/fixtures.js';
import { load } from '../http/load.js';
import { startServer } from '../http/processes.js';
import { API_ENTRY, SHARED, alternate } from './http.js';

/** A rare word: the products carrying it are the only matches of a selective search. */
const RARE_WORD = 'darjeeling';
/** How many products carry RARE_WORD, in the small and the large catalog alike. */
const RARE_MATCHES = 20;
/** A word of one product in eight (seed.ts's WORDS): a broad search. */
const BROAD_WORD = 'masala';
/** Two characters found only in "ghee", so in one product in eight: a short, broad term. */
const SHORT_TERM = 'gh';

/** Product search latency must not grow by more than this from the small to the large catalog. */
const FLAT_SEARCH = 1.25;
/** A broad search may cost at most this many times a selective one on the large catalog (#20). */
const BROAD_OVER_SELECTIVE = 1.5;
/** Uncached API search p50 on PostgreSQL with 100,000 products and 10 connections, in ms (#20). */
const HTTP_SEARCH_BUDGET_MS = 3;

/** The catalog sizes compared: the full run's, or smaller ones for a smoke run. */
export interface SearchSizes {
  small: number;
  large: number;
}

const FULL_SIZES: SearchSizes = { small: 10_000, large: 100_000 };

/** A migrated catalog of seeded products, searched through `adapter`. */
interface Catalog {
  adapter: IDatabaseAdapter;
  close(): Promise<void>;
}

/** Opens a catalog holding `size` products and RARE_MATCHES more that carry RARE_WORD. */
type OpenCatalog = (size: number, log: (line: string) => void) => Promise<Catalog>;

/** Adds `size` products cycling through the common words, then the RARE_MATCHES rare ones. */
async function seedCatalog(execute: Execute, size: number, style: 'pg' | 'mysql'): Promise<void> {
  await seedProducts(execute, size, style);
  await seedProducts(execute, RARE_MATCHES, style, size, RARE_WORD);
  await execute(style === 'pg' ? 'analyze' : 'analyze table products', []);
}

/** A connection that seeds a server's catalog, closed once it is seeded. */
interface Seeder {
  execute: Execute;
  end(): Promise<void>;
}

/**
 * Migrates `adapter`'s database and seeds `size` products through `seeder`, which is closed after;
 * the adapter is closed too when either fails.
 */
async function seededCatalog(
  adapter: IDatabaseAdapter,
  seeder: Seeder,
  size: number,
  style: 'pg' | 'mysql',
  log: (line: string) => void,
): Promise<Catalog> {
  try {
    await adapter.migrations.latest();
    log(`search: seeding ${size.toLocaleString('en')} products (${style === 'pg' ? 'postgresql' : 'mysql'})`);
    await seedCatalog(seeder.execute, size, style);
  } catch (error) {
    await adapter.close();
    throw error;
  } finally {
    await seeder.end();
  }
  return { adapter, close: () => adapter.close() };
}

const postgresCatalog: OpenCatalog = async (size, log) => {
  const url = await freshPostgresDatabase(`scale_search_${size}`);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const seeder = {
    execute: (sql: string, params: unknown[]) => pool.query(sql, params),
    end: () => pool.end(),
  };
  return seededCatalog(createPostgresDatabase({ connectionString: url }), seeder, size, 'pg', log);
};

/** PGlite is one session: the adapter migrates and closes, PGlite seeds, the adapter opens again. */
const pgliteCatalog: OpenCatalog = async (size, log) => {
  const dir = await mkdtemp(join(tmpdir(), 'bharatmart-bench-scale-'));
  const remove = onCleanup(`pglite catalog ${dir}`, () => rm(dir, { recursive: true, force: true }));
  log(`search: seeding ${size.toLocaleString('en')} products (pglite)`);
  await seedPgliteDir(dir, (execute) => seedCatalog(execute, size, 'pg'));
  const adapter = createPgliteDatabase({ dataDir: dir });
  return { adapter, close: async () => (await adapter.close(), await remove()) };
};

const mysqlCatalog: OpenCatalog = async (size, log) => {
  const url = await freshMysqlDatabase(`scale_search_${size}`);
  const { createPool } = await import('mysql2/promise');
  const pool = createPool({ uri: url, connectionLimit: 1 });
  const seeder = {
    execute: (sql: string, params: unknown[]) => pool.query(sql, params),
    end: () => pool.end(),
  };
  return seededCatalog(createMysqlDatabase({ uri: url }), seeder, size, 'mysql', log);
};

/** Calls of each side: a selective search takes about 1 ms, a broad one on 100,000 products 10–30. */
const SEARCH_BUDGETS = {
  selective: { warmup: 500, iterations: 3_000, timeMs: 8_000 },
  broad: { warmup: 30, iterations: 400, timeMs: 8_000 },
};

/**
 * Search latency through the adapter, uncached, as the API asks (20 a page, `total` capped at
 * PRODUCT_TOTAL_CAP), both catalogs open side by side and searched in turn so both see the same
 * process and machine state: a selective term (RARE_MATCHES products in both catalogs), which the
 * indexes must keep flat as the catalog grows; a broad one (one product in eight) and a two-character
 * one (one in eight too), each against the selective term on the large catalog.
 */
async function searchScaling(
  open: OpenCatalog,
  backend: string,
  sizes: SearchSizes,
  log: (line: string) => void,
): Promise<ResultRow[]> {
  const catalogs: Catalog[] = [];
  const stop = onCleanup(`search scaling ${backend}`, () => Promise.all(catalogs.map((c) => c.close())));
  const [small, large] = [sizes.small.toLocaleString('en'), sizes.large.toLocaleString('en')];
  try {
    const smallCatalog = await open(sizes.small, log);
    catalogs.push(smallCatalog);
    const largeCatalog = await open(sizes.large, log);
    catalogs.push(largeCatalog);
    const search = (catalog: Catalog, term: string) => () =>
      catalog.adapter.products.list({ search: term, limit: 20, offset: 0, totalCap: PRODUCT_TOTAL_CAP });
    log(`search: searching the catalogs in turn (${backend})`);
    const selective = await interleaved(
      search(largeCatalog, RARE_WORD),
      search(smallCatalog, RARE_WORD),
      SEARCH_BUDGETS.selective,
    );
    const broad = await interleaved(
      search(largeCatalog, BROAD_WORD),
      search(smallCatalog, BROAD_WORD),
      SEARCH_BUDGETS.broad,
    );
    const broadVsSelective = await interleaved(
      search(largeCatalog, BROAD_WORD),
      search(largeCatalog, RARE_WORD),
      SEARCH_BUDGETS.broad,
    );
    const shortVsSelective = await interleaved(
      search(largeCatalog, SHORT_TERM),
      search(largeCatalog, RARE_WORD),
      SEARCH_BUDGETS.broad,
    );
    const p99s = (pair: { ours: { p99: number }; reference: { p99: number } }) =>
      `p99 ${round(pair.ours.p99)} vs ${round(pair.reference.p99)} ms`;
    return [
      row({
        name: `search: p50, ${large} vs ${small} products, ${RARE_MATCHES} matches (${backend} adapter, uncached)`,
        ours: selective.ours.p50,
        reference: selective.reference.p50,
        unit: 'ms p50',
        target: FLAT_SEARCH,
        note: `search "${RARE_WORD}"; ${p99s(selective)}`,
      }),
      row({
        name: `search: p50, ${large} vs ${small} products, 1 in 8 matches (${backend} adapter, uncached)`,
        ours: broad.ours.p50,
        reference: broad.reference.p50,
        unit: 'ms p50',
        note: `search "${BROAD_WORD}"; total counted up to ${PRODUCT_TOTAL_CAP.toLocaleString('en')}; the page still sorts every match; no target set`,
      }),
      row({
        name: `search: p50 on ${large} products, broad (1 in 8) vs selective (${RARE_MATCHES}) (${backend} adapter, uncached)`,
        ours: broadVsSelective.ours.p50,
        reference: broadVsSelective.reference.p50,
        unit: 'ms p50',
        target: BROAD_OVER_SELECTIVE,
        note: `"${BROAD_WORD}" vs "${RARE_WORD}"; ${p99s(broadVsSelective)}`,
      }),
      row({
        name: `search: p50 on ${large} products, 2 characters (1 in 8) vs selective (${RARE_MATCHES}) (${backend} adapter, uncached)`,
        ours: shortVsSelective.ours.p50,
        reference: shortVsSelective.reference.p50,
        unit: 'ms p50',
        note: `"${SHORT_TERM}" vs "${RARE_WORD}"; ${p99s(shortVsSelective)}; no target set`,
      }),
    ];
  } finally {
    await stop();
  }
}

/**
 * The API searching 100,000 products on PostgreSQL, uncached (a new `minPrice` below every price per
 * request: a new cache key, the same rows), 10 connections, against the 3 ms budget: the selective
 * term and the broad one, `rounds` runs of `seconds` each, alternating.
 */
async function apiSearchAtScale(rounds: number, seconds: number, size: number): Promise<ResultRow[]> {
  const fixture = await postgresFixture(size, 'search_http');
  const pool = new pg.Pool({ connectionString: fixture.apiEnv.DATABASE_URL, max: 1 });
  try {
    await seedProducts((sql, params) => pool.query(sql, params), RARE_MATCHES, 'pg', size, RARE_WORD);
    await pool.query('analyze products');
  } finally {
    await pool.end();
  }
  const api = await startServer('api search', API_ENTRY, fixture.apiEnv);
  const sessions = new pg.Pool({ connectionString: fixture.apiEnv.DATABASE_URL, max: 1 });
  try {
    // The CPU each side's requests cost, by process: the API, its PostgreSQL sessions, the load
    // generator (this process). On 2 shared cores, 10 connections wait at least 10 × their sum / 2.
    const backendCpuMs = async () => {
      const { rows } = await sessions.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      return (await Promise.all(rows.map((backend) => cpuMs(backend.pid)))).reduce((sum, ms) => sum + ms, 0);
    };
    const spent = new Map([
      [RARE_WORD, new CpuSpent()],
      [BROAD_WORD, new CpuSpent()],
    ]);
    let miss = 0;
    const searchLoad = (term: string) => async () => {
      const before = [await cpuMs(api.pid), await backendCpuMs(), ownCpuMs()] as const;
      const result = await load({
        url: api.baseUrl,
        connections: 10,
        seconds,
        maxRequests: 300_000,
        path: () => `/api/v1/products?search=${term}&minPrice=${miss++ % MIN_PRICE}`,
      });
      const after = [await cpuMs(api.pid), await backendCpuMs(), ownCpuMs()] as const;
      spent.get(term)?.add(result.requests, after[0] - before[0], after[1] - before[1], after[2] - before[2]);
      return result;
    };
    await searchLoad(RARE_WORD)();
    spent.set(RARE_WORD, new CpuSpent());
    const result = await alternate(rounds, searchLoad(RARE_WORD), searchLoad(BROAD_WORD));
    const count = size.toLocaleString('en');
    const budgetRow = (label: string, term: string, side: { p50: number; p99: number; bad: number }) =>
      row({
        name: `search: API p50 @10 conns, ${count} products, ${label} (postgresql, uncached, vs ${HTTP_SEARCH_BUDGET_MS} ms)`,
        ours: side.p50,
        reference: HTTP_SEARCH_BUDGET_MS,
        unit: 'ms p50',
        target: 1,
        note: `GET /api/v1/products?search=${term}; p99 ${round(side.p99)} ms; ${side.bad} bad responses; ${spent.get(term)?.describe(10, 2) ?? ''}; ${SHARED}`,
      });
    return [
      budgetRow(`selective (${RARE_MATCHES} matches)`, RARE_WORD, result.ours),
      budgetRow('broad (1 in 8)', BROAD_WORD, result.reference),
    ];
  } finally {
    await sessions.end();
    await api.stop();
  }
}

/** CPU time spent on a number of requests, by process (ms). */
class CpuSpent {
  private requests = 0;
  private readonly ms = { api: 0, postgres: 0, load: 0 };

  add(requests: number, api: number, postgres: number, load: number): void {
    this.requests += requests;
    this.ms.api += api;
    this.ms.postgres += postgres;
    this.ms.load += load;
  }

  /** Per request, and the p50 that much CPU allows `connections` on `cores` when nothing waits but for CPU. */
  describe(connections: number, cores: number): string {
    const per = (ms: number) => ms / Math.max(1, this.requests);
    const total = per(this.ms.api) + per(this.ms.postgres) + per(this.ms.load);
    return (
      `CPU per request: API ${round(per(this.ms.api), 3)} ms, PostgreSQL ${round(per(this.ms.postgres), 3)} ms, ` +
      `load generator ${round(per(this.ms.load), 3)} ms; ${connections} connections on ${cores} cores wait at least ` +
      `${round((connections * total) / cores, 2)} ms`
    );
  }
}

/**
 * The search rows of section 3: through each adapter on PGlite, PostgreSQL and MySQL (MariaDB here),
 * then through the API on PostgreSQL. `sizes` smaller than the full run's only for a smoke run.
 */
export async function searchSection(
  rounds: number,
  seconds: number,
  log: (line: string) => void,
  sizes: SearchSizes = FULL_SIZES,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const pgDown = await unreachable('postgres');
  const mysqlDown = await unreachable('mariadb');
  const attempt = async (name: string, reason: string | undefined, run: () => Promise<ResultRow[]>) => {
    if (reason) return void rows.push(skipped(name, 'ms p50', reason));
    log(name);
    try {
      rows.push(...(await run()));
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 300) : String(error);
      rows.push(skipped(name, 'ms p50', `failed: ${message}`));
    }
  };
  const backends = [
    { backend: 'pglite', open: pgliteCatalog, down: undefined },
    { backend: 'postgresql', open: postgresCatalog, down: pgDown },
    { backend: 'mysql', open: mysqlCatalog, down: mysqlDown },
  ];
  for (const { backend, open, down } of backends) {
    await attempt(`search: product search on ${backend}`, down, () =>
      searchScaling(open, backend, sizes, log),
    );
  }
  await attempt('search: API search on postgresql', pgDown, () =>
    apiSearchAtScale(rounds, seconds, sizes.large),
  );
  return rows;
}
