import type { SupabaseMigration } from './supabase-migration.js';

/**
 * The writes that must be atomic, as functions the adapter calls with `.rpc()`: each runs in the one
 * transaction PostgREST opens for the request, so a change and its outbox jobs commit together.
 * They mirror `@bharatmart/database-sql` step for step (conditional stock decrements in product-id
 * order, the idempotency key claimed first, compare-and-set transitions) and raise domain failures
 * as `P0001` with the domain code as HINT and its details as JSON DETAIL. Only `service_role` may
 * execute them. Timestamps come from the caller, as the SQL adapters' `now()` does.
 */
export const writeFunctionsMigration: SupabaseMigration = {
  name: 'supabase-0002-write-functions',
  sql: `
CREATE FUNCTION public.bharatmart_write_jobs(p_jobs jsonb, p_now text) RETURNS void
LANGUAGE sql SET search_path = '' AS $fn$
  INSERT INTO public.outbox (id, job_key, name, payload, delay_ms, status, created_at, updated_at)
  SELECT gen_random_uuid()::text, job ->> 'key', job ->> 'name', job ->> 'payload',
         (job ->> 'delayMs')::integer, 'pending', p_now, p_now
    FROM jsonb_array_elements(coalesce(p_jobs, '[]'::jsonb)) AS job
  ON CONFLICT (job_key) DO NOTHING
$fn$;

CREATE FUNCTION public.bharatmart_order_json(p_order_id text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $fn$
  SELECT to_jsonb(o) || jsonb_build_object('order_items', coalesce(
           (SELECT jsonb_agg(to_jsonb(i) ORDER BY i.line_no) FROM public.order_items i WHERE i.order_id = o.id),
           '[]'::jsonb))
    FROM public.orders o WHERE o.id = p_order_id
$fn$;

CREATE FUNCTION public.bharatmart_create_user(p_user jsonb, p_jobs jsonb, p_now text) RETURNS void
LANGUAGE plpgsql SET search_path = '' AS $fn$
BEGIN
  INSERT INTO public.users (id, email, email_normalized, name, password_hash, role, created_at)
  SELECT id, email, email_normalized, name, password_hash, role, created_at
    FROM jsonb_populate_record(NULL::public.users, p_user);
  PERFORM public.bharatmart_write_jobs(p_jobs, p_now);
END
$fn$;

CREATE FUNCTION public.bharatmart_create_order(
  p_order_id text, p_user_id text, p_items jsonb, p_idempotency_key text, p_request_hash text,
  p_jobs jsonb, p_now text
) RETURNS jsonb
LANGUAGE plpgsql SET search_path = '' AS $fn$
DECLARE
  v_claimed public.order_idempotency_keys;
  v_line record;
  v_short text[] := '{}';
  v_missing text[];
  v_total bigint;
BEGIN
  IF p_idempotency_key IS NOT NULL THEN
    -- Claimed first: a concurrent request with the same key waits here for this one to end, then
    -- replays its order (or claims the key itself if this one rolled back).
    INSERT INTO public.order_idempotency_keys (user_id, idempotency_key, request_hash, order_id, created_at)
    VALUES (p_user_id, p_idempotency_key, p_request_hash, p_order_id, p_now)
    ON CONFLICT (user_id, idempotency_key) DO NOTHING;
    IF NOT FOUND THEN
      SELECT * INTO v_claimed FROM public.order_idempotency_keys
       WHERE user_id = p_user_id AND idempotency_key = p_idempotency_key;
      IF v_claimed.request_hash IS DISTINCT FROM p_request_hash THEN
        RAISE EXCEPTION 'this idempotency key was used for a different request' USING
          ERRCODE = 'P0001', HINT = 'IDEMPOTENCY_KEY_REUSED',
          DETAIL = jsonb_build_object('idempotencyKey', p_idempotency_key)::text;
      END IF;
      RETURN jsonb_build_object('created', false, 'order', public.bharatmart_order_json(v_claimed.order_id));
    END IF;
  END IF;

  -- One conditional decrement per product, in id order (no deadlock between multi-item orders).
  FOR v_line IN
    SELECT item ->> 'productId' AS product_id, sum((item ->> 'quantity')::integer) AS quantity
      FROM jsonb_array_elements(p_items) AS item
     GROUP BY item ->> 'productId' ORDER BY (item ->> 'productId') COLLATE "C"
  LOOP
    UPDATE public.products SET stock = stock - v_line.quantity, updated_at = p_now
     WHERE id = v_line.product_id AND stock >= v_line.quantity;
    IF NOT FOUND THEN v_short := v_short || v_line.product_id; END IF;
  END LOOP;

  SELECT array_agg(requested.id ORDER BY requested.id COLLATE "C") INTO v_missing
    FROM (SELECT DISTINCT item ->> 'productId' AS id FROM jsonb_array_elements(p_items) AS item) requested
   WHERE NOT EXISTS (SELECT 1 FROM public.products p WHERE p.id = requested.id);
  IF v_missing IS NOT NULL THEN
    RAISE EXCEPTION 'some products do not exist' USING
      ERRCODE = 'P0001', HINT = 'NOT_FOUND', DETAIL = jsonb_build_object('productIds', v_missing)::text;
  END IF;
  IF cardinality(v_short) > 0 THEN
    RAISE EXCEPTION 'not enough stock for some products' USING
      ERRCODE = 'P0001', HINT = 'INSUFFICIENT_STOCK', DETAIL = jsonb_build_object('productIds', v_short)::text;
  END IF;

  SELECT coalesce(sum((line.item ->> 'quantity')::bigint * p.price), 0) INTO v_total
    FROM jsonb_array_elements(p_items) AS line(item) JOIN public.products p ON p.id = line.item ->> 'productId';
  INSERT INTO public.orders (id, user_id, status, payment_status, total, currency, created_at, updated_at)
  VALUES (p_order_id, p_user_id, 'pending', 'pending', v_total, 'INR', p_now, p_now);
  INSERT INTO public.order_items (order_id, line_no, product_id, sku, name, quantity, unit_price)
  SELECT p_order_id, (line.ordinality - 1)::integer, p.id, p.sku, p.name, (line.item ->> 'quantity')::integer, p.price
    FROM jsonb_array_elements(p_items) WITH ORDINALITY AS line(item, ordinality)
    JOIN public.products p ON p.id = line.item ->> 'productId';
  PERFORM public.bharatmart_write_jobs(p_jobs, p_now);
  RETURN jsonb_build_object('created', true, 'order', public.bharatmart_order_json(p_order_id));
END
$fn$;

CREATE FUNCTION public.bharatmart_transition_order(p_order_id text, p_change jsonb, p_now text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = '' AS $fn$
DECLARE
  v_from text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(p_change -> 'from', '[]'::jsonb)));
  v_from_payment text[] := CASE WHEN jsonb_typeof(p_change -> 'fromPayment') = 'array'
    THEN ARRAY(SELECT jsonb_array_elements_text(p_change -> 'fromPayment')) END;
  v_line record;
BEGIN
  IF cardinality(v_from) > 0 AND (v_from_payment IS NULL OR cardinality(v_from_payment) > 0) THEN
    UPDATE public.orders
       SET status = coalesce(p_change ->> 'to', status),
           payment_status = coalesce(p_change ->> 'paymentStatus', payment_status),
           updated_at = p_now
     WHERE id = p_order_id AND status = ANY (v_from)
       AND (v_from_payment IS NULL OR payment_status = ANY (v_from_payment));
    IF FOUND THEN
      IF coalesce((p_change ->> 'restock')::boolean, false) THEN
        FOR v_line IN
          SELECT product_id, sum(quantity) AS quantity FROM public.order_items
           WHERE order_id = p_order_id GROUP BY product_id ORDER BY product_id COLLATE "C"
        LOOP
          UPDATE public.products SET stock = stock + v_line.quantity, updated_at = p_now WHERE id = v_line.product_id;
        END LOOP;
      END IF;
      PERFORM public.bharatmart_write_jobs(p_change -> 'jobs', p_now);
      RETURN jsonb_build_object('outcome', 'applied', 'order', public.bharatmart_order_json(p_order_id));
    END IF;
  END IF;
  IF EXISTS (SELECT 1 FROM public.orders WHERE id = p_order_id) THEN
    RETURN jsonb_build_object('outcome', 'conflict', 'order', public.bharatmart_order_json(p_order_id));
  END IF;
  RETURN jsonb_build_object('outcome', 'missing');
END
$fn$;

CREATE FUNCTION public.bharatmart_record_payment(p_payment jsonb, p_transition jsonb, p_now text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = '' AS $fn$
DECLARE
  v_stored public.payments;
BEGIN
  INSERT INTO public.payments
    (id, order_id, kind, amount, currency, status, gateway_reference, idempotency_key, created_at)
  VALUES (p_payment ->> 'id', p_payment ->> 'orderId', p_payment ->> 'kind', (p_payment ->> 'amount')::bigint,
          p_payment ->> 'currency', p_payment ->> 'status', p_payment ->> 'gatewayReference',
          p_payment ->> 'idempotencyKey', p_now)
  ON CONFLICT (idempotency_key) DO NOTHING;
  SELECT * INTO v_stored FROM public.payments WHERE idempotency_key = p_payment ->> 'idempotencyKey';
  IF v_stored.id = p_payment ->> 'id' AND jsonb_typeof(p_transition) = 'object' THEN
    PERFORM public.bharatmart_transition_order(v_stored.order_id, p_transition, p_now);
  END IF;
  RETURN jsonb_build_object('created', v_stored.id = p_payment ->> 'id', 'payment', to_jsonb(v_stored));
END
$fn$;

-- Server-side only: nobody but service_role may call them (Supabase grants EXECUTE to the API roles
-- by default). The API roles are Supabase's (or the stand-in's); skipped where a role is missing.
DO $$
DECLARE
  fn regprocedure;
  api_role text;
BEGIN
  FOR fn IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND p.proname LIKE 'bharatmart\\_%' LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn);
    FOREACH api_role IN ARRAY ARRAY['anon', 'authenticated'] LOOP
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = api_role) THEN
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM %I', fn, api_role);
      END IF;
    END LOOP;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO service_role', fn);
    END IF;
  END LOOP;
END
$$;
`,
};
