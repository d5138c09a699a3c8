import type { SupabaseMigration } from './supabase-migration.js';

/**
 * GST rule 46(b) limits an invoice number to 16 characters. `bharatmart_create_invoice` (same
 * signature and grants; the rest unchanged) now pads the sequence to exactly the characters
 * `p_number_prefix` (`INV/26-27/`, from `invoiceNumberPrefix`) leaves of 16, as `formatInvoiceNumber`
 * does, and raises `INVOICE_NUMBER_OVERFLOW` (HINT; DETAIL `{"financialYear", "sequence"}`) instead
 * of a longer number: the transaction, and with it the year's increment, is rolled back.
 */
export const gstInvoiceNumbersMigration: SupabaseMigration = {
  name: 'supabase-0009-gst-invoice-numbers',
  sql: `
CREATE OR REPLACE FUNCTION public.bharatmart_create_invoice(p_invoice jsonb, p_financial_year text, p_number_prefix text)
RETURNS jsonb
LANGUAGE plpgsql SET search_path = '' AS $fn$
DECLARE
  v_stored public.invoices;
  v_number bigint;
  v_digits integer := 16 - length(p_number_prefix);
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

  IF length(v_number::text) > v_digits THEN
    RAISE EXCEPTION 'invoice % of financial year % does not fit a 16-character invoice number after %',
      v_number, p_financial_year, p_number_prefix USING
      ERRCODE = 'P0001', HINT = 'INVOICE_NUMBER_OVERFLOW',
      DETAIL = jsonb_build_object('financialYear', p_financial_year, 'sequence', v_number)::text;
  END IF;

  INSERT INTO public.invoices (id, invoice_number, order_id, user_id, lines, total, currency, issued_at, gst)
  SELECT id, p_number_prefix || lpad(v_number::text, v_digits, '0'),
         order_id, user_id, lines, total, currency, issued_at, gst
    FROM jsonb_populate_record(NULL::public.invoices, p_invoice)
  RETURNING * INTO v_stored;
  RETURN to_jsonb(v_stored);
END
$fn$;`,
};
