import type { Kysely } from 'kysely';
import { DomainError } from '@bharatmart/core';
import type { Database } from './schema.js';
import { toNumber } from './sql-context.js';

/**
 * Inside an order-creating transaction: raises `TOO_MANY_PENDING_ORDERS` when `userId` already holds
 * `maxPendingOrders` orders with status `pending` (see NewOrder.maxPendingOrders).
 *
 * The UPDATE of the user's own row changes nothing but takes that row's write lock until the
 * transaction ends, so the same user's concurrent creations pass this point one at a time. The count
 * after it is a new statement, so under READ COMMITTED (every SQL backend here) it sees the orders
 * the previous holder of the lock committed. Portable SQL: no row-locking SELECT, no RETURNING.
 */
export async function ensurePendingOrderSlot(
  trx: Kysely<Database>,
  userId: string,
  maxPendingOrders: number,
): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({ role: eb.ref('role') }))
    .where('id', '=', userId)
    .execute();
  const { pending } = await trx
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('pending'))
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  if (toNumber(pending) >= maxPendingOrders) {
    throw new DomainError(
      'TOO_MANY_PENDING_ORDERS',
      `you already have ${maxPendingOrders} unpaid orders; pay or cancel one before placing another`,
      { maxPendingOrders },
    );
  }
}
