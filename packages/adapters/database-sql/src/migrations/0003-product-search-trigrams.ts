import { sql } from 'kysely';
import type { SqlMigration } from './sql-migration.js';

/** The columns product search reads, as the product repository searched them when this was written. */
const SEARCHED = ['name', 'description', 'sku'] as const;

/**
 * Product search reads only the rows that share the term's trigrams, so a search costs the same on
 * 10,000 or 100,000 products (`SqlDialectFeatures.searchIndex`). On PostgreSQL-speaking backends:
 * the pg_trgm extension (contrib, trusted since PostgreSQL 13, so the database owner may create it)
 * and a GIN index per searched column on `lower(column)`, the expression the search filters on,
 * without a pending list (`fastupdate = off`).
 * Backends without such an index record the migration and change nothing.
 */
export const productSearchTrigramsMigration: SqlMigration = {
  name: '0003-product-search-trigrams',
  async up(db, features) {
    if (features.searchIndex !== 'trigram') return;
    await sql`create extension if not exists pg_trgm`.execute(db);
    // fastupdate off: a GIN index otherwise keeps new entries in a pending list that every search
    // reads in full until a vacuum merges it, which made a search on 10,000 freshly added products
    // take 14 ms instead of 0.7. Products are written rarely; each write updates the index at once.
    for (const column of SEARCHED) {
      await sql`create index ${sql.id(`products_${column}_trgm_idx`)} on "products" using gin (lower(${sql.ref(column)}) gin_trgm_ops) with (fastupdate = off)`.execute(
        db,
      );
    }
  },
};
