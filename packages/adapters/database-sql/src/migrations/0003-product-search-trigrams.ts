import { sql } from 'kysely';
import type { SqlMigration } from './sql-migration.js';

/** The columns product search reads, as the product repository searched them when this was written. */
const SEARCHED = ['name', 'description', 'sku'] as const;

/**
 * Product search reads only the rows that share the term's trigrams, so a search costs the same on
 * 10,000 or 100,000 products (`SqlDialectFeatures.searchIndex`). On PostgreSQL-speaking backends:
 * the pg_trgm extension (contrib, trusted since PostgreSQL 13, so the database owner may create it)
 * and a GIN index per searched column on `lower(column)`, the expression the search filters on.
 * Backends without such an index record the migration and change nothing.
 */
export const productSearchTrigramsMigration: SqlMigration = {
  name: '0003-product-search-trigrams',
  async up(db, features) {
    if (features.searchIndex !== 'trigram') return;
    await sql`create extension if not exists pg_trgm`.execute(db);
    for (const column of SEARCHED) {
      await db.schema
        .createIndex(`products_${column}_trgm_idx`)
        .on('products')
        .using('gin')
        .expression(sql`lower(${sql.ref(column)}) gin_trgm_ops`)
        .execute();
    }
  },
};
