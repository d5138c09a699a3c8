import {
  financialYearOf,
  invoiceNumberPrefix,
  InvoiceNumberOverflowError,
  type EmailRepository,
  type InvoiceRepository,
  type PaymentRepository,
} from '@bharatmart/core';
import { transitionArgument } from './function-arguments.js';
import { escapeRegex } from './postgrest-patterns.js';
import { toEmail, toInvoice, toPayment, type EmailRow, type InvoiceRow, type PaymentRow } from './rows.js';
import { PostgrestFailure, type SupabaseContext } from './supabase-context.js';

/**
 * Payments: `record` is the `bharatmart_record_payment` function (the payment and its order's
 * transition in one transaction); reads through PostgREST.
 */
export function createPaymentRepository(ctx: SupabaseContext): PaymentRepository {
  const payments = () => ctx.client.from('payments');
  return {
    record: (payment, transition) =>
      ctx.run(async () => {
        const { data } = await ctx.result<{ created: boolean; payment: PaymentRow }>(
          ctx.client.rpc('bharatmart_record_payment', {
            p_payment: { ...payment, id: ctx.newId() },
            p_transition: transition ? transitionArgument(transition) : null,
            p_now: ctx.now(),
          }),
        );
        return { payment: toPayment(data.payment), created: data.created };
      }),

    findByKey: (idempotencyKey) =>
      ctx.run(async () => {
        const { data } = await ctx.result<PaymentRow | null>(
          payments().select('*').eq('idempotency_key', idempotencyKey).maybeSingle(),
        );
        return data ? toPayment(data) : undefined;
      }),

    listForOrder: (orderId) =>
      ctx.run(async () => {
        const { data } = await ctx.result<PaymentRow[]>(
          payments().select('*').eq('order_id', orderId).order('created_at').order('id'),
        );
        return data.map(toPayment);
      }),
  };
}

/**
 * Invoices: `createOnce` is the `bharatmart_create_invoice` function (numbering and insert in one
 * transaction, at most one per order; its `INVOICE_NUMBER_OVERFLOW` becomes the
 * InvoiceNumberOverflowError `formatInvoiceNumber` throws on the SQL adapters); reads through PostgREST.
 */
export function createInvoiceRepository(ctx: SupabaseContext): InvoiceRepository {
  const invoices = () => ctx.client.from('invoices');
  const byOrder = async (orderId: string) =>
    (await ctx.result<InvoiceRow | null>(invoices().select('*').eq('order_id', orderId).maybeSingle())).data;

  return {
    createOnce: (invoice) =>
      ctx.run(async () => {
        const financialYear = financialYearOf(invoice.issuedAt);
        const created = ctx.result<InvoiceRow>(
          ctx.client.rpc('bharatmart_create_invoice', {
            p_invoice: {
              id: ctx.newId(),
              order_id: invoice.orderId,
              user_id: invoice.userId,
              lines: JSON.stringify(invoice.lines),
              total: invoice.total,
              currency: invoice.currency,
              issued_at: invoice.issuedAt,
              gst: invoice.gst ? JSON.stringify(invoice.gst) : null,
            },
            p_financial_year: financialYear,
            p_number_prefix: invoiceNumberPrefix(financialYear, invoice.numberPrefix),
          }),
        );
        const { data } = await created.catch((error: unknown) => {
          if (!(error instanceof PostgrestFailure) || error.hint !== 'INVOICE_NUMBER_OVERFLOW') throw error;
          const { sequence } = JSON.parse(error.details ?? '{}') as { sequence: number };
          throw new InvoiceNumberOverflowError(financialYear, sequence, invoice.numberPrefix);
        });
        return toInvoice(data);
      }),

    getByOrder: (orderId) =>
      ctx.run(async () => {
        const row = await byOrder(orderId);
        return row ? toInvoice(row) : undefined;
      }),
  };
}

/** Sent emails, deduplicated by `dedupe_key` (an upsert ignoring the clash). */
export function createEmailRepository(ctx: SupabaseContext): EmailRepository {
  const emails = () => ctx.client.from('emails');
  const byDedupeKey = async (dedupeKey: string) =>
    (await ctx.result<EmailRow | null>(emails().select('*').eq('dedupe_key', dedupeKey).maybeSingle())).data;

  return {
    record: (email) =>
      ctx.run(async () => {
        const row: EmailRow = {
          id: ctx.newId(),
          recipient: email.to,
          subject: email.subject,
          body: email.body,
          template: email.template,
          dedupe_key: email.dedupeKey,
          transport: email.transport,
          sent_at: ctx.now(),
        };
        await ctx.result(emails().upsert(row, { onConflict: 'dedupe_key', ignoreDuplicates: true }));
        return (await byDedupeKey(email.dedupeKey))?.id === row.id;
      }),

    findByDedupeKey: (dedupeKey) =>
      ctx.run(async () => {
        const row = await byDedupeKey(dedupeKey);
        return row ? toEmail(row) : undefined;
      }),

    list: (query) =>
      ctx.run(async () => {
        let builder = emails().select('*');
        // Case-insensitive equality, as the SQL adapters' lower(recipient) = lower(to).
        if (query.to !== undefined) builder = builder.regexIMatch('recipient', `^${escapeRegex(query.to)}$`);
        const { data } = await ctx.result<EmailRow[]>(
          builder.order('sent_at', { ascending: false }).order('id', { ascending: false }).limit(query.limit),
        );
        return data.map(toEmail);
      }),
  };
}
