import type { OrderRepository } from '@bharatmart/core';
import { createOrder } from './order-creation.js';
import { loadOrder, withItems } from './order-reads.js';
import { applyTransition } from './order-transition.js';
import { toNumber, type SqlContext } from './sql-context.js';

/** Orders over `orders`, `order_items` and `order_idempotency_keys`; see OrderRepository. */
export function createOrderRepository(ctx: SqlContext): OrderRepository {
  const { db } = ctx;
  return {
    create: (order) => ctx.run(() => createOrder(ctx, order)),

    get: (id) => ctx.run(() => loadOrder(db, id)),

    list: (query) =>
      ctx.run(async () => {
        let filtered = db.selectFrom('orders');
        if (query.userId !== undefined) filtered = filtered.where('user_id', '=', query.userId);
        const [rows, counted] = await Promise.all([
          filtered
            .selectAll()
            .orderBy('created_at', 'desc')
            .orderBy('id', 'desc')
            .limit(query.limit)
            .offset(query.offset)
            .execute(),
          filtered
            .select((eb) => eb.fn.countAll<number | string | bigint>().as('total'))
            .executeTakeFirstOrThrow(),
        ]);
        return { items: await withItems(db, rows), total: toNumber(counted.total) };
      }),

    transition: (id, change) =>
      ctx.run(() => db.transaction().execute((trx) => applyTransition(ctx, trx, id, change))),

    awaitingPayment: (query) =>
      ctx.run(async () => {
        const rows = await db
          .selectFrom('orders')
          .selectAll()
          .where('status', '=', 'pending')
          .where('payment_status', '=', 'pending')
          .where('created_at', '<', query.createdBefore)
          .orderBy('created_at')
          .orderBy('id')
          .limit(query.limit)
          .execute();
        return withItems(db, rows);
      }),

    pruneIdempotencyKeys: ({ createdBefore, limit }) =>
      ctx.run(async () => {
        // Keys first, then a delete by key: a bounded batch on every backend.
        const doomed = await db
          .selectFrom('order_idempotency_keys')
          .select(['user_id', 'idempotency_key'])
          .where('created_at', '<', createdBefore)
          .orderBy('created_at')
          .limit(limit)
          .execute();
        if (doomed.length === 0) return 0;
        const result = await db
          .deleteFrom('order_idempotency_keys')
          .where((eb) =>
            eb.or(
              doomed.map((key) =>
                eb.and([eb('user_id', '=', key.user_id), eb('idempotency_key', '=', key.idempotency_key)]),
              ),
            ),
          )
          .executeTakeFirst();
        return toNumber(result.numDeletedRows);
      }),
  };
}
