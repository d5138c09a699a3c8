import type { SupabaseMigration } from './supabase-migration.js';

/**
 * This adapter searches with PostgREST's `imatch` (`column ~* pattern`), which the shared migration's
 * indexes on `lower(column)` cannot serve: a pg_trgm GIN index per searched column as it is, so a
 * search reads only the rows sharing the term's trigrams however large the catalog grows (without a
 * pending list, as the shared migration explains). pg_trgm
 * itself is created by the shared migration 0003.
 */
export const searchIndexesMigration: SupabaseMigration = {
  name: 'supabase-0004-search-indexes',
  sql: `
CREATE INDEX products_name_trgm_regex_idx ON public.products USING gin (name gin_trgm_ops)
  WITH (fastupdate = off);
CREATE INDEX products_description_trgm_regex_idx ON public.products USING gin (description gin_trgm_ops)
  WITH (fastupdate = off);
CREATE INDEX products_sku_trgm_regex_idx ON public.products USING gin (sku gin_trgm_ops)
  WITH (fastupdate = off);
`,
};
