import type { InvoiceRepository } from '@bharatmart/core';
import { insertIgnoring } from './insert-ignoring.js';
import { toInvoice } from './row-mappers.js';
import type { SqlContext } from './sql-context.js';

/** Invoices over `invoices`: at most one per order; a clashing invoice number raises `CONFLICT`. */
export function createInvoiceRepository(ctx: SqlContext): InvoiceRepository {
  const { db } = ctx;
  const byOrder = (orderId: string) =>
    db.selectFrom('invoices').selectAll().where('order_id', '=', orderId).executeTakeFirst();

  return {
    createOnce: (invoice) =>
      ctx.run(async () => {
        const row = {
          id: ctx.newId(),
          invoice_number: invoice.number,
          order_id: invoice.orderId,
          user_id: invoice.userId,
          lines: JSON.stringify(invoice.lines),
          total: invoice.total,
          currency: invoice.currency,
          issued_at: invoice.issuedAt,
        };
        await insertIgnoring(ctx, db, 'invoices', [row], 'order_id');
        const stored = await byOrder(invoice.orderId);
        if (!stored) throw new Error(`invoice of order ${invoice.orderId} vanished after insert`);
        return toInvoice(stored);
      }),

    getByOrder: (orderId) =>
      ctx.run(async () => {
        const row = await byOrder(orderId);
        return row && toInvoice(row);
      }),
  };
}
