import type { PostgresTestDatabase } from './test-database.js';

/** How many products `seedSearchCatalog` stores, and how many of them match its `term`. */
export const SEARCH_CATALOG = { products: 5_000, matching: 10, term: 'DARJEELING' } as const;

/**
 * Stores 5,000 products of which 10 have "Darjeeling" in their name, analyses the table, and has
 * every later session of the database avoid sequential scans: on so few rows the planner may price
 * one like an index, and a check that an index serves search must not depend on that estimate.
 * Sessions opened before this call keep their settings.
 */
export async function seedSearchCatalog(database: PostgresTestDatabase): Promise<void> {
  await database.query(
    `insert into products (id, sku, name, description, price, currency, stock, category, created_at, updated_at)
     select 'p' || i, 'SKU-' || i, case when i % 500 = 0 then 'Darjeeling tea ' || i else 'Basmati rice ' || i end,
            'Grown in India', 100 + i, 'INR', 5, 'grocery', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
       from generate_series(1, $1::int) as i`,
    [SEARCH_CATALOG.products],
  );
  await database.query('analyze products');
  await database.query(`alter database "${database.name}" set enable_seqscan = off`);
}

/** Scans counted by PostgreSQL's statistics while a search ran. */
export interface ScansDuring {
  /** Sequential scans of `products`. */
  tableScans: number;
  /** Scans of the named indexes. */
  indexScans: number;
}

/**
 * Runs `search` and returns how many times `products` was scanned sequentially and the named indexes
 * were scanned meanwhile, by PostgreSQL's statistics. A session reports its statistics when it ends
 * (or after 10 s idle), all at once, so `search` must end the sessions it used; the counts are
 * awaited for up to 10 s.
 */
export async function scansDuring(
  database: PostgresTestDatabase,
  indexes: readonly string[],
  search: () => Promise<void>,
): Promise<ScansDuring> {
  const counts = async (): Promise<ScansDuring> => {
    const rows = await database.query(
      `select (select coalesce(sum(seq_scan), 0) from pg_stat_user_tables where relname = 'products')::int as table_scans,
              (select coalesce(sum(idx_scan), 0) from pg_stat_user_indexes where indexrelname = any($1))::int as index_scans`,
      [indexes],
    );
    return { tableScans: Number(rows[0]?.table_scans), indexScans: Number(rows[0]?.index_scans) };
  };
  const before = await counts();
  await search();
  const changed = (now: ScansDuring) =>
    now.tableScans !== before.tableScans || now.indexScans !== before.indexScans;
  const deadline = Date.now() + 10_000;
  while (!changed(await counts()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const after = await counts();
  return {
    tableScans: after.tableScans - before.tableScans,
    indexScans: after.indexScans - before.indexScans,
  };
}

/** How many times the named indexes were scanned while `search` ran (see `scansDuring`). */
export async function indexScansDuring(
  database: PostgresTestDatabase,
  indexes: readonly string[],
  search: () => Promise<void>,
): Promise<number> {
  return (await scansDuring(database, indexes, search)).indexScans;
}
