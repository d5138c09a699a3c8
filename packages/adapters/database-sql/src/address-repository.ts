import type { AddressRepository } from '@bharatmart/core';
import { toSavedAddress } from './row-mappers.js';
import type { SqlContext } from './sql-context.js';

/** Saved addresses over `customer_addresses`; every statement is filtered by the customer's id. */
export function createAddressRepository(ctx: SqlContext): AddressRepository {
  const { db } = ctx;
  const mine = (userId: string) =>
    db.selectFrom('customer_addresses').selectAll().where('user_id', '=', userId);

  return {
    add: (userId, address) =>
      ctx.run(async () => {
        const row = {
          id: ctx.newId(),
          user_id: userId,
          name: address.name,
          line1: address.line1,
          line2: address.line2 ?? null,
          city: address.city,
          state_code: address.stateCode,
          pincode: address.pincode,
          phone: address.phone,
          created_at: ctx.now(),
        };
        await db.insertInto('customer_addresses').values(row).execute();
        return toSavedAddress(row);
      }),

    list: (userId) =>
      ctx.run(async () =>
        (await mine(userId).orderBy('created_at').orderBy('id').execute()).map(toSavedAddress),
      ),

    get: (userId, id) =>
      ctx.run(async () => {
        const row = await mine(userId).where('id', '=', id).executeTakeFirst();
        return row && toSavedAddress(row);
      }),

    delete: (userId, id) =>
      ctx.run(async () => {
        const result = await db
          .deleteFrom('customer_addresses')
          .where('user_id', '=', userId)
          .where('id', '=', id)
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),
  };
}
