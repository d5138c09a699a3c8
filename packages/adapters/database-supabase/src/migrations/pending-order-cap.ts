import { serviceRoleOnly } from './service-role-only.js';
import type { SupabaseMigration } from './supabase-migration.js';

/**
 * `bharatmart_create_order` gains `p_max_pending_orders` (NewOrder.maxPendingOrders), checked as
 * `@bharatmart/database-sql` checks it: after the idempotency key is claimed (so a concurrent repeat
 * replays instead of being refused) and before any stock is touched, a no-op UPDATE of the user's row
 * serialises that user's concurrent creations, then the user's `pending` orders are counted (a new
 * statement, so it sees what the previous holder of the row lock committed). At the cap it raises
 * `TOO_MANY_PENDING_ORDERS` and the whole call rolls back. The rest of the function is unchanged.
 */
export const pendingOrderCapMigration: SupabaseMigration = {
  name: 'supabase-0003-pending-order-cap',
  sql: `
DROP FUNCTION public.bharatmart_create_order(text, text, jsonb, text, text, jsonb, text);

CREATE FUNCTION public.bharatmart_create_order(
  p_order_id text, p_user_id text, p_items jsonb, p_idempotency_key text, p_request_hash text,
  p_jobs jsonb, p_now text, p_max_pending_orders integer
) RETURNS jsonb
LANGUAGE plpgsql SET search_path = '' AS $fn$
DECLARE
  v_claimed public.order_idempotency_keys;
  v_line record;
  v_short text[] := '{}';
  v_missing text[];
  v_total bigint;
  v_pending bigint;
BEGIN
  IF p_idempotency_key IS NOT NULL THEN
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

  IF p_max_pending_orders IS NOT NULL THEN
    UPDATE public.users SET role = role WHERE id = p_user_id;
    SELECT count(*) INTO v_pending FROM public.orders WHERE user_id = p_user_id AND status = 'pending';
    IF v_pending >= p_max_pending_orders THEN
      RAISE EXCEPTION 'you already have % unpaid orders; pay or cancel one before placing another',
        p_max_pending_orders USING
        ERRCODE = 'P0001', HINT = 'TOO_MANY_PENDING_ORDERS',
        DETAIL = jsonb_build_object('maxPendingOrders', p_max_pending_orders)::text;
    END IF;
  END IF;

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

${serviceRoleOnly('public.bharatmart_create_order(text, text, jsonb, text, text, jsonb, text, integer)')}`,
};
