import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { createMysqlDatabase } from '@bharatmart/database-mysql';
import { createPgliteDatabase, PGLITE_EXTENSIONS } from '@bharatmart/database-pglite';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import pg from 'pg';
import { onCleanup } from '../core/cleanup.js';
import { seedPgliteDir } from '../core/pglite-dir.js';
import { interleaved, type Budget } from '../core/interleave.js';
import { row, skipped, type ResultRow } from '../core/results.js';
import { seedProducts } from '../core/seed.js';
import { freshMysqlDatabase, freshPostgresDatabase, unreachable } from '../core/services.js';
import { round } from '../core/stats.js';
import { supabaseSides } from './db-supabase.js';

const PRODUCTS = 1_000;
const SEARCH = 'masala';
/** Adapter vs raw driver, p50 (issue #20: tightened from 1.10). */
const TARGET = 1.05;

/** The raw-driver side: the same statements the adapter's SQL produces, rows returned as they come. */
interface RawDriver {
  get(id: string): Promise<unknown>;
  search(term: string): Promise<unknown>;
}

const pgSql = {
  get: 'select * from "products" where "id" = $1',
  where: `where (lower("name") like $1 escape '!' or lower("description") like $2 escape '!' or lower("sku") like $3 escape '!')`,
};

function pgRaw(query: (text: string, params: unknown[]) => Promise<unknown>): RawDriver {
  return {
    get: (id) => query(pgSql.get, [id]),
    search: (term) => {
      const pattern = `%${term}%`;
      return Promise.all([
        query(
          `select * from (select * from "products" ${pgSql.where} offset 0) as "matching" order by "name", "id" limit $4 offset $5`,
          [pattern, pattern, pattern, 20, 0],
        ),
        query(`select count(*) as "total" from "products" ${pgSql.where}`, [pattern, pattern, pattern]),
      ]);
    },
  };
}

function mysqlRaw(query: (text: string, params: unknown[]) => Promise<unknown>): RawDriver {
  const like =
    "(lower(`name`) like ? escape '!' or lower(`description`) like ? escape '!' or lower(`sku`) like ? escape '!')";
  // A term of 1 product in 8 is broad (search-breadth.ts), so the adapter probes the first 256 rows
  // for it, then scans: LIKE alone, without the name index's order (product-repository.ts).
  const scanned = `from products as products ignore index for order by (products_name_idx) where ${like}`;
  return {
    get: (id) => query('select * from `products` where `id` = ?', [id]),
    search: async (term) => {
      const pattern = `%${term}%`;
      const patterns = [pattern, pattern, pattern];
      await query(
        `select count(*) as \`hits\` from (select \`name\`, \`description\`, \`sku\` from \`products\` limit ?) as \`sample\` where ${like}`,
        [256, ...patterns],
      );
      return Promise.all([
        query(`select * ${scanned} order by \`name\`, \`id\` limit ? offset ?`, [...patterns, 20, 0]),
        query(`select count(*) as \`total\` ${scanned}`, patterns),
      ]);
    },
  };
}

async function compare(
  backend: string,
  adapter: IDatabaseAdapter,
  raw: RawDriver,
  ids: string[],
  budget: Budget,
  reference = 'raw driver',
) {
  let i = 0;
  const nextId = () => ids[i++ % ids.length] ?? '';
  const byId = await interleaved(
    () => adapter.products.get(nextId()),
    () => raw.get(nextId()),
    budget,
  );
  const search = await interleaved(
    () => adapter.products.list({ search: SEARCH, limit: 20, offset: 0 }),
    () => raw.search(SEARCH),
    budget,
  );
  const note = (r: typeof byId) =>
    `p99 ${round(r.ours.p99)} vs ${round(r.reference.p99)} ms; ${Math.round(r.ours.opsPerSec)} vs ${Math.round(r.reference.opsPerSec)} ops/s (1 caller); n=${r.ours.samples}`;
  return [
    row({
      name: `db ${backend}: product by id (adapter vs ${reference})`,
      ours: byId.ours.p50,
      reference: byId.reference.p50,
      unit: 'ms p50',
      target: TARGET,
      note: note(byId),
    }),
    row({
      name: `db ${backend}: product search (adapter vs ${reference})`,
      ours: search.ours.p50,
      reference: search.reference.p50,
      unit: 'ms p50',
      target: TARGET,
      note: `${PRODUCTS} products, search "${SEARCH}"; ${note(search)}`,
    }),
  ];
}

async function pglite(budget: Budget): Promise<ResultRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bharatmart-bench-pglite-'));
  onCleanup('pglite data dirs', () => rm(dir, { recursive: true, force: true }));
  const ours = join(dir, 'adapter');
  const ids = await seedPgliteDir(ours, (execute) => seedProducts(execute, PRODUCTS, 'pg'));
  await cp(ours, join(dir, 'raw'), { recursive: true });
  const adapter = createPgliteDatabase({ dataDir: ours });
  const closeAdapter = onCleanup('pglite adapter', () => adapter.close());
  const lite = await PGlite.create(join(dir, 'raw'), { extensions: PGLITE_EXTENSIONS });
  const closeLite = onCleanup('pglite raw', () => lite.close());
  try {
    return await compare(
      'pglite',
      adapter,
      pgRaw((sql, params) => lite.query(sql, params)),
      ids,
      budget,
    );
  } finally {
    await closeAdapter();
    await closeLite();
  }
}

async function postgres(budget: Budget): Promise<ResultRow[]> {
  const url = await freshPostgresDatabase('db_overhead');
  const adapter = createPostgresDatabase({ connectionString: url });
  const closeAdapter = onCleanup('postgres adapter', () => adapter.close());
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const closePool = onCleanup('postgres raw pool', () => pool.end());
  try {
    await adapter.migrations.latest();
    const ids = await seedProducts((sql, params) => pool.query(sql, params), PRODUCTS, 'pg');
    return await compare(
      'postgresql',
      adapter,
      pgRaw((sql, params) => pool.query(sql, params)),
      ids,
      budget,
    );
  } finally {
    await closeAdapter();
    await closePool();
  }
}

async function mysql(budget: Budget): Promise<ResultRow[]> {
  const url = await freshMysqlDatabase('db_overhead');
  const adapter = createMysqlDatabase({ uri: url });
  const closeAdapter = onCleanup('mysql adapter', () => adapter.close());
  const { createPool } = await import('mysql2/promise');
  const pool = createPool({ uri: url, connectionLimit: 10, charset: 'utf8mb4_bin', supportBigNumbers: true });
  const closePool = onCleanup('mysql raw pool', () => pool.end());
  try {
    await adapter.migrations.latest();
    const ids = await seedProducts((sql, params) => pool.query(sql, params), PRODUCTS, 'mysql');
    return await compare(
      'mysql',
      adapter,
      mysqlRaw((sql, params) => pool.query(sql, params)),
      ids,
      budget,
    );
  } finally {
    await closeAdapter();
    await closePool();
  }
}

async function supabase(budget: Budget): Promise<ResultRow[]> {
  const sides = await supabaseSides(PRODUCTS);
  try {
    return await compare('supabase', sides.adapter, sides.raw, sides.ids, budget, 'raw supabase-js');
  } finally {
    await sides.close();
  }
}

/** Section 1a: product by id and product search through our database adapters vs the raw drivers. */
export async function dbOverhead(budget: Budget, log: (line: string) => void): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const names = ['product by id', 'product search'];
  const backends = [
    { name: 'pglite', reference: 'raw driver', service: undefined, run: pglite },
    { name: 'postgresql', reference: 'raw driver', service: 'postgres' as const, run: postgres },
    { name: 'mysql', reference: 'raw driver', service: 'mariadb' as const, run: mysql },
    { name: 'supabase', reference: 'raw supabase-js', service: 'postgres' as const, run: supabase },
  ];
  for (const backend of backends) {
    const reason = backend.service && (await unreachable(backend.service));
    if (reason) {
      rows.push(
        ...names.map((n) =>
          skipped(`db ${backend.name}: ${n} (adapter vs ${backend.reference})`, 'ms p50', reason, TARGET),
        ),
      );
      continue;
    }
    log(`db overhead: ${backend.name}`);
    try {
      rows.push(...(await backend.run(budget)));
    } catch (error) {
      const message = `failed: ${error instanceof Error ? error.message : String(error)}`;
      rows.push(
        ...names.map((n) =>
          skipped(`db ${backend.name}: ${n} (adapter vs ${backend.reference})`, 'ms p50', message, TARGET),
        ),
      );
    }
  }
  return rows;
}
