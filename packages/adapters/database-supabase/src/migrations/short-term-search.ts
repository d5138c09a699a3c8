import { serviceRoleOnly } from './service-role-only.js';
import type { SupabaseMigration } from './supabase-migration.js';

/**
 * PostgREST filters columns, not expressions, so its `imatch` cannot use the index of characters and
 * pairs that the shared migration 0008 builds for terms of one or two characters. This set-returning
 * function exposes that lookup: the products whose searched text holds `p_term` (lower-cased, one or
 * two characters), on which the adapter applies its usual filters, order and range through `/rpc/`.
 * A plain `LANGUAGE sql STABLE` function without SET clauses, so PostgreSQL inlines it into the
 * request's query and the index serves it. Only service_role may execute it, as every function here.
 */
export const shortTermSearchMigration: SupabaseMigration = {
  name: 'supabase-0008-short-term-search',
  sql: `
CREATE FUNCTION public.bharatmart_products_holding(p_term text) RETURNS SETOF public.products
LANGUAGE sql STABLE AS $fn$
  SELECT * FROM public.products
   WHERE public.bharatmart_short_grams(lower(name) || chr(31) || lower(description) || chr(31) || lower(sku))
         @> ARRAY[p_term]
$fn$;

${serviceRoleOnly('public.bharatmart_products_holding(text)')}`,
};
