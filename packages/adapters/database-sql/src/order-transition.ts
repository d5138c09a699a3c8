import type { Kysely, Updateable } from 'kysely';
import type { Order, OrderTransition } from '@bharatmart/core';
import { loadOrder, quantitiesByProduct } from './order-reads.js';
import { writeJobs } from './outbox-writer.js';
import type { Database, OrdersTable } from './schema.js';
import type { SqlContext } from './sql-context.js';

/**
 * Compare-and-set on one order, through `trx` (the caller's transaction): a single conditional
 * UPDATE changes the order only if its status is in `from` (and its payment status in
 * `fromPayment`); only then are stock restored and jobs written. Returns the updated order,
 * `undefined` when it does not exist, or `{ conflict: current }`.
 */
export async function applyTransition(
  ctx: SqlContext,
  trx: Kysely<Database>,
  id: string,
  change: OrderTransition,
): Promise<Order | { conflict: Order } | undefined> {
  const allowed =
    change.from.length > 0 && (change.fromPayment === undefined || change.fromPayment.length > 0);
  if (allowed) {
    const now = ctx.now();
    const changes: Updateable<OrdersTable> = { updated_at: now };
    if (change.to !== undefined) changes.status = change.to;
    if (change.paymentStatus !== undefined) changes.payment_status = change.paymentStatus;
    let update = trx
      .updateTable('orders')
      .set(changes)
      .where('id', '=', id)
      .where('status', 'in', change.from);
    if (change.fromPayment !== undefined) update = update.where('payment_status', 'in', change.fromPayment);
    const result = await update.executeTakeFirst();

    if (result.numUpdatedRows > 0n) {
      if (change.restock) {
        const items = await trx
          .selectFrom('order_items')
          .select(['product_id as productId', 'quantity'])
          .where('order_id', '=', id)
          .execute();
        for (const [productId, quantity] of quantitiesByProduct(items)) {
          await trx
            .updateTable('products')
            .set((eb) => ({ stock: eb('stock', '+', quantity), updated_at: now }))
            .where('id', '=', productId)
            .execute();
        }
      }
      await writeJobs(ctx, trx, change.jobs ?? []);
      return loadOrder(trx, id);
    }
  }
  const current = await loadOrder(trx, id);
  return current && { conflict: current };
}
