import { serviceRoleOnly } from './service-role-only.js';
import type { SupabaseMigration } from './supabase-migration.js';

/**
 * The shared migrations 0004–0006 for this adapter: Row Level Security on `database_identity` and
 * `invoice_sequences` (server only, no policy), and functions mirroring `@bharatmart/database-sql`:
 *
 * - `bharatmart_create_invoice` returns the order's invoice if it has one; otherwise it increments
 *   the financial year's counter row (whose lock queues concurrent issuers of the year), checks
 *   again (a new statement sees what the previous holder committed; if the order got its invoice
 *   meanwhile, the increment is undone under the same lock and that invoice returned) and inserts
 *   the invoice numbered `p_number_prefix` + the counter zero-padded to 6 (`formatInvoiceNumber`).
 *   One transaction: a failed insert rolls the increment back.
 * - `bharatmart_prune_outbox` and `bharatmart_prune_idempotency_keys` delete at most `p_limit`
 *   rows past the cutoff, oldest first (never a pending outbox entry), and return how many.
 */
export const invoiceNumbersAndRetentionMigration: SupabaseMigration = {
  name: 'supabase-0005-invoice-numbers-and-retention',
  sql: `
ALTER TABLE public.database_identity ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.invoice_sequences ENABLE ROW LEVEL SECURITY;

CREATE FUNCTION public.bharatmart_create_invoice(p_invoice jsonb, p_financial_year text, p_number_prefix text)
RETURNS jsonb
LANGUAGE plpgsql SET search_path = '' AS $fn$
DECLARE
  v_stored public.invoices;
  v_number bigint;
BEGIN
  SELECT * INTO v_stored FROM public.invoices WHERE order_id = p_invoice ->> 'order_id';
  IF FOUND THEN RETURN to_jsonb(v_stored); END IF;

  INSERT INTO public.invoice_sequences (financial_year, last_number) VALUES (p_financial_year, 0)
  ON CONFLICT (financial_year) DO NOTHING;
  UPDATE public.invoice_sequences SET last_number = last_number + 1
   WHERE financial_year = p_financial_year RETURNING last_number INTO v_number;

  SELECT * INTO v_stored FROM public.invoices WHERE order_id = p_invoice ->> 'order_id';
  IF FOUND THEN
    UPDATE public.invoice_sequences SET last_number = last_number - 1 WHERE financial_year = p_financial_year;
    RETURN to_jsonb(v_stored);
  END IF;

  INSERT INTO public.invoices (id, invoice_number, order_id, user_id, lines, total, currency, issued_at)
  SELECT id, p_number_prefix || lpad(v_number::text, greatest(6, length(v_number::text)), '0'),
         order_id, user_id, lines, total, currency, issued_at
    FROM jsonb_populate_record(NULL::public.invoices, p_invoice)
  RETURNING * INTO v_stored;
  RETURN to_jsonb(v_stored);
END
$fn$;
${serviceRoleOnly('public.bharatmart_create_invoice(jsonb, text, text)')}

CREATE FUNCTION public.bharatmart_prune_outbox(p_created_before text, p_include_dispatched boolean, p_limit integer)
RETURNS integer
LANGUAGE sql SET search_path = '' AS $fn$
  WITH doomed AS (
    SELECT id FROM public.outbox
     WHERE (status = 'completed' OR (p_include_dispatched AND status = 'dispatched'))
       AND created_at < p_created_before
     ORDER BY created_at LIMIT p_limit
  ), deleted AS (
    DELETE FROM public.outbox o USING doomed
     WHERE o.id = doomed.id AND (o.status = 'completed' OR (p_include_dispatched AND o.status = 'dispatched'))
    RETURNING 1
  )
  SELECT count(*)::integer FROM deleted
$fn$;
${serviceRoleOnly('public.bharatmart_prune_outbox(text, boolean, integer)')}

CREATE FUNCTION public.bharatmart_prune_idempotency_keys(p_created_before text, p_limit integer)
RETURNS integer
LANGUAGE sql SET search_path = '' AS $fn$
  WITH doomed AS (
    SELECT user_id, idempotency_key FROM public.order_idempotency_keys
     WHERE created_at < p_created_before ORDER BY created_at LIMIT p_limit
  ), deleted AS (
    DELETE FROM public.order_idempotency_keys k USING doomed
     WHERE k.user_id = doomed.user_id AND k.idempotency_key = doomed.idempotency_key
    RETURNING 1
  )
  SELECT count(*)::integer FROM deleted
$fn$;
${serviceRoleOnly('public.bharatmart_prune_idempotency_keys(text, integer)')}
`,
};
