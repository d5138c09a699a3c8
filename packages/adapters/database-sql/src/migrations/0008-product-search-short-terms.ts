import { sql } from 'kysely';
import type { SqlMigration } from './sql-migration.js';

/**
 * Search terms of one or two characters, which contain no trigram for migration 0003's indexes, read
 * only the rows that contain them (`SqlDialectFeatures.searchIndex`). On PostgreSQL-speaking backends:
 * `bharatmart_short_grams(text)`, the distinct characters and pairs of adjacent characters of a text,
 * and a GIN index of it over the searched text (name, description and sku, lower-cased, joined by
 * U+001F), without a pending list as in 0003. The product repository filters on the same expression
 * (`… @> array[term]`), then checks the term with LIKE as for any other term.
 * Backends without such an index record the migration and change nothing.
 */
export const productSearchShortTermsMigration: SqlMigration = {
  name: '0008-product-search-short-terms',
  async up(db, features) {
    if (features.searchIndex !== 'trigram') return;
    await sql`
      create function bharatmart_short_grams(t text) returns text[]
      language sql immutable strict parallel safe
      as $$
        select coalesce(array_agg(distinct gram), '{}')
          from (select substr(t, i, 1) as gram from generate_series(1, length(t)) as i
                union all
                select substr(t, i, 2) from generate_series(1, length(t) - 1) as i) as grams
      $$`.execute(db);
    await sql`create index products_search_short_grams_idx on "products" using gin (bharatmart_short_grams(lower("name") || chr(31) || lower("description") || chr(31) || lower("sku"))) with (fastupdate = off)`.execute(
      db,
    );
  },
};
