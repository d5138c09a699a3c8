import type { SupabaseMigration } from './supabase-migration.js';

/**
 * `bharatmart_products_holding` (same signature and grants) no longer asks the index of characters
 * and pairs for a term most products hold: PostgreSQL's planner then scans the table and computes the
 * index expression for every row (a second for a term in all of 10,000 products). Like the SQL
 * adapters' probe (`broadTerm`), it first counts the term among the first 256 products; found in 64
 * or more (1 in 4), it returns the products whose columns hold it by LIKE alone, read from every row;
 * otherwise it looks the term up in the index as before. PL/pgSQL, so no longer inlined: the rows it
 * returns are collected before PostgREST's filters, order and range apply. `p_term` is lower-case.
 */
export const broadShortTermsMigration: SupabaseMigration = {
  name: 'supabase-0010-broad-short-terms',
  sql: `
CREATE OR REPLACE FUNCTION public.bharatmart_products_holding(p_term text) RETURNS SETOF public.products
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  v_pattern text := '%' || replace(replace(replace(p_term, '!', '!!'), '%', '!%'), '_', '!_') || '%';
  v_hits integer;
BEGIN
  SELECT count(*) INTO v_hits
    FROM (SELECT name, description, sku FROM public.products LIMIT 256) AS sample
   WHERE lower(sample.name) LIKE v_pattern ESCAPE '!' OR lower(sample.description) LIKE v_pattern ESCAPE '!'
      OR lower(sample.sku) LIKE v_pattern ESCAPE '!';
  IF v_hits >= 64 THEN
    RETURN QUERY SELECT * FROM public.products AS p
     WHERE lower(p.name) LIKE v_pattern ESCAPE '!' OR lower(p.description) LIKE v_pattern ESCAPE '!'
        OR lower(p.sku) LIKE v_pattern ESCAPE '!';
  ELSE
    RETURN QUERY SELECT * FROM public.products AS p
     WHERE public.bharatmart_short_grams(lower(p.name) || chr(31) || lower(p.description) || chr(31) || lower(p.sku))
           @> ARRAY[p_term];
  END IF;
END
$fn$;`,
};
