import type { AddressRepository } from '@bharatmart/core';
import { toSavedAddress, type CustomerAddressRow } from './rows.js';
import type { SupabaseContext } from './supabase-context.js';

/** Saved addresses over PostgREST's `customer_addresses`; every request is filtered by the customer's id. */
export function createAddressRepository(ctx: SupabaseContext): AddressRepository {
  const addresses = () => ctx.client.from('customer_addresses');

  return {
    add: (userId, address) =>
      ctx.run(async () => {
        const row: CustomerAddressRow = {
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
        await ctx.result(addresses().insert(row));
        return toSavedAddress(row);
      }),

    list: (userId) =>
      ctx.run(async () => {
        const { data } = await ctx.result<CustomerAddressRow[]>(
          addresses().select('*').eq('user_id', userId).order('created_at').order('id'),
        );
        return data.map(toSavedAddress);
      }),

    get: (userId, id) =>
      ctx.run(async () => {
        const { data } = await ctx.result<CustomerAddressRow | null>(
          addresses().select('*').eq('user_id', userId).eq('id', id).maybeSingle(),
        );
        return data ? toSavedAddress(data) : undefined;
      }),

    delete: (userId, id) =>
      ctx.run(async () => {
        const { data } = await ctx.result<{ id: string }[]>(
          addresses().delete().eq('user_id', userId).eq('id', id).select('id'),
        );
        return data.length > 0;
      }),
  };
}
