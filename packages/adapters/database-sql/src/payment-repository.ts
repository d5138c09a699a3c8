import type { PaymentRepository } from '@bharatmart/core';
import { insertIgnoring } from './insert-ignoring.js';
import { applyTransition } from './order-transition.js';
import { toPayment } from './row-mappers.js';
import type { SqlContext } from './sql-context.js';

/** Payments over `payments`; the idempotency key is unique (see PaymentRepository). */
export function createPaymentRepository(ctx: SqlContext): PaymentRepository {
  const { db } = ctx;
  return {
    record: (payment, transition) =>
      ctx.run(() =>
        db.transaction().execute(async (trx) => {
          const id = ctx.newId();
          await insertIgnoring(
            ctx,
            trx,
            'payments',
            [
              {
                id,
                order_id: payment.orderId,
                kind: payment.kind,
                amount: payment.amount,
                currency: payment.currency,
                status: payment.status,
                gateway_reference: payment.gatewayReference,
                idempotency_key: payment.idempotencyKey,
                created_at: ctx.now(),
              },
            ],
            'idempotency_key',
          );
          const stored = await trx
            .selectFrom('payments')
            .selectAll()
            .where('idempotency_key', '=', payment.idempotencyKey)
            .executeTakeFirstOrThrow();
          const created = stored.id === id;
          if (created && transition) await applyTransition(ctx, trx, payment.orderId, transition);
          return { payment: toPayment(stored), created };
        }),
      ),

    findByKey: (idempotencyKey) =>
      ctx.run(async () => {
        const row = await db
          .selectFrom('payments')
          .selectAll()
          .where('idempotency_key', '=', idempotencyKey)
          .executeTakeFirst();
        return row && toPayment(row);
      }),

    listForOrder: (orderId) =>
      ctx.run(async () => {
        const rows = await db
          .selectFrom('payments')
          .selectAll()
          .where('order_id', '=', orderId)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        return rows.map(toPayment);
      }),
  };
}
