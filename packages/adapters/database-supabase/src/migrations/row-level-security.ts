import type { SupabaseMigration } from './supabase-migration.js';

/**
 * Row Level Security on every table of the schema, so that only the service role (BYPASSRLS) can
 * write, and a client holding the anon key reads nothing but the catalog. A signed-in customer (a JWT
 * whose `sub` is their user id) may read their own orders, order items, payments, invoices and
 * idempotency keys. Users, emails, the outbox and the migration tables have no policy: server only.
 *
 * `auth.uid()` is Supabase's; where it is missing (a plain PostgreSQL behind the stand-in) an
 * equivalent reading `request.jwt.claims ->> 'sub'` is created, readable by every role.
 */
export const rowLevelSecurityMigration: SupabaseMigration = {
  name: 'supabase-0001-row-level-security',
  sql: `
DO $$
BEGIN
  IF to_regnamespace('auth') IS NULL THEN
    CREATE SCHEMA auth;
    GRANT USAGE ON SCHEMA auth TO PUBLIC;
  END IF;
  IF to_regprocedure('auth.uid()') IS NULL THEN
    CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $uid$
      SELECT coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
      )::uuid
    $uid$;
  END IF;
END
$$;

ALTER TABLE public.products ENABLE ROW LEVEL SECURITY;
CREATE POLICY products_readable_by_all ON public.products FOR SELECT USING (true);

ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_readable_by_owner ON public.orders FOR SELECT
  USING (user_id = (SELECT auth.uid())::text);

ALTER TABLE public.order_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY order_items_readable_by_owner ON public.order_items FOR SELECT
  USING (EXISTS (SELECT 1 FROM public.orders o
                  WHERE o.id = order_items.order_id AND o.user_id = (SELECT auth.uid())::text));

ALTER TABLE public.payments ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_readable_by_owner ON public.payments FOR SELECT
  USING (EXISTS (SELECT 1 FROM public.orders o
                  WHERE o.id = payments.order_id AND o.user_id = (SELECT auth.uid())::text));

ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoices_readable_by_owner ON public.invoices FOR SELECT
  USING (user_id = (SELECT auth.uid())::text);

ALTER TABLE public.order_idempotency_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY order_idempotency_keys_readable_by_owner ON public.order_idempotency_keys FOR SELECT
  USING (user_id = (SELECT auth.uid())::text);

ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.emails ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.bharatmart_migrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.bharatmart_migrations_lock ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.bharatmart_supabase_migrations ENABLE ROW LEVEL SECURITY;
`,
};
