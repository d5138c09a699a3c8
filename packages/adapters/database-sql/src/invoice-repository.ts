import type { Kysely } from 'kysely';
import { financialYearOf, formatInvoiceNumber, type InvoiceRepository } from '@bharatmart/core';
import { insertIgnoring } from './insert-ignoring.js';
import { toInvoice, type InvoiceRow } from './row-mappers.js';
import type { Database } from './schema.js';
import { toNumber, type SqlContext } from './sql-context.js';

/** Thrown inside the numbering transaction to roll it back when the order got its invoice meanwhile. */
class AlreadyInvoiced extends Error {
  constructor(readonly row: InvoiceRow) {
    super(`order ${row.order_id} has invoice ${row.invoice_number}`);
  }
}

/**
 * Invoices over `invoices`, numbered from `invoice_sequences`: at most one per order. A new
 * invoice increments its financial year's counter row first — the row lock queues concurrent
 * issuers of the year until commit — then checks again that the order has no invoice (a new
 * statement, so it sees what the previous holder committed) and inserts with the counter's value,
 * all in one transaction: a failure or a lost race rolls the increment back, and so does a
 * sequence too long for a 16-character number (`formatInvoiceNumber` throws).
 */
export function createInvoiceRepository(ctx: SqlContext): InvoiceRepository {
  const { db } = ctx;
  const byOrder = (from: Kysely<Database>, orderId: string) =>
    from.selectFrom('invoices').selectAll().where('order_id', '=', orderId).executeTakeFirst();

  return {
    createOnce: (invoice) =>
      ctx.run(async () => {
        const stored = await byOrder(db, invoice.orderId);
        if (stored) return toInvoice(stored);
        const year = financialYearOf(invoice.issuedAt);
        await insertIgnoring(
          ctx,
          db,
          'invoice_sequences',
          [{ financial_year: year, last_number: 0 }],
          'financial_year',
        );
        try {
          const row = await db.transaction().execute(async (trx) => {
            await trx
              .updateTable('invoice_sequences')
              .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
              .where('financial_year', '=', year)
              .execute();
            const raced = await byOrder(trx, invoice.orderId);
            if (raced) throw new AlreadyInvoiced(raced);
            const counter = await trx
              .selectFrom('invoice_sequences')
              .select('last_number')
              .where('financial_year', '=', year)
              .executeTakeFirstOrThrow();
            const inserted = {
              id: ctx.newId(),
              invoice_number: formatInvoiceNumber(year, toNumber(counter.last_number), invoice.numberPrefix),
              order_id: invoice.orderId,
              user_id: invoice.userId,
              lines: JSON.stringify(invoice.lines),
              total: invoice.total,
              currency: invoice.currency,
              issued_at: invoice.issuedAt,
              gst: invoice.gst ? JSON.stringify(invoice.gst) : null,
            };
            await trx.insertInto('invoices').values(inserted).execute();
            return inserted;
          });
          return toInvoice(row);
        } catch (error) {
          if (error instanceof AlreadyInvoiced) return toInvoice(error.row);
          throw error;
        }
      }),

    getByOrder: (orderId) =>
      ctx.run(async () => {
        const row = await byOrder(db, orderId);
        return row && toInvoice(row);
      }),
  };
}
