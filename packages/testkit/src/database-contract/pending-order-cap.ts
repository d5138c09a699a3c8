import { describe, expect, it } from '@jest/globals';
import type { NewOrder } from '@bharatmart/core';
import type { DatabaseFixtures } from './fixtures.js';

const CAP = 3;

/**
 * OrderRepository.create with `maxPendingOrders`: the per-customer cap on unpaid orders holds under
 * concurrency, refuses without side effects, frees a slot when an order leaves `pending`, affects no
 * other customer and never refuses the replay of an order that exists.
 */
export function describePendingOrderCapContract(fx: DatabaseFixtures): void {
  const { unique, newProduct, newUser, stockOf, pendingKeys } = fx;

  /** One unit of `productId` for `userId` under the cap, with one outbox job named `jobKey`. */
  const place = (userId: string, productId: string, extra: Partial<NewOrder> = {}, jobKey = unique('job')) =>
    fx.db.orders.create({
      userId,
      items: [{ productId, quantity: 1 }],
      maxPendingOrders: CAP,
      jobs: (orderId) => [{ name: 'payment.charge', payload: { orderId }, key: jobKey }],
      ...extra,
    });

  describe('orders: pending-order cap (maxPendingOrders)', () => {
    it('refuses the order past the cap with TOO_MANY_PENDING_ORDERS, taking no stock and writing no job', async () => {
      const [buyer, product] = [await newUser(), await newProduct({ stock: 10 })];
      for (let i = 0; i < CAP; i++) await place(buyer.id, product.id);
      const refusedJob = unique('refused-job');
      await expect(place(buyer.id, product.id, {}, refusedJob)).rejects.toMatchObject({
        name: 'DomainError',
        code: 'TOO_MANY_PENDING_ORDERS',
        details: { maxPendingOrders: CAP },
      });
      expect(await stockOf(product.id)).toBe(10 - CAP);
      expect(await pendingKeys()).not.toContain(refusedJob);
      expect((await fx.db.orders.list({ userId: buyer.id, limit: 10, offset: 0 })).total).toBe(CAP);
    });

    it('counts only pending orders: one paid and one cancelled free two slots', async () => {
      const [buyer, product] = [await newUser(), await newProduct({ stock: 10 })];
      const placed = [];
      for (let i = 0; i < CAP; i++) placed.push((await place(buyer.id, product.id)).order);
      await fx.db.orders.transition(placed[0]?.id ?? '', {
        from: ['pending'],
        to: 'confirmed',
        paymentStatus: 'paid',
      });
      await fx.db.orders.transition(placed[1]?.id ?? '', {
        from: ['pending'],
        to: 'cancelled',
        restock: true,
      });
      await expect(place(buyer.id, product.id)).resolves.toMatchObject({ created: true });
      await expect(place(buyer.id, product.id)).resolves.toMatchObject({ created: true });
      await expect(place(buyer.id, product.id)).rejects.toMatchObject({ code: 'TOO_MANY_PENDING_ORDERS' });
    });

    it('20 concurrent orders by one customer: exactly the cap succeed, the rest are refused', async () => {
      const [buyer, product] = [await newUser(), await newProduct({ stock: 100 })];
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () => place(buyer.id, product.id)),
      );
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(CAP);
      for (const reason of refused) expect(reason).toMatchObject({ code: 'TOO_MANY_PENDING_ORDERS' });
      expect(await stockOf(product.id)).toBe(100 - CAP);
    });

    it('a customer at the cap does not affect another customer', async () => {
      const [capped, other, product] = [await newUser(), await newUser(), await newProduct({ stock: 10 })];
      for (let i = 0; i < CAP; i++) await place(capped.id, product.id);
      await expect(place(other.id, product.id)).resolves.toMatchObject({ created: true });
      await expect(place(capped.id, product.id)).rejects.toMatchObject({ code: 'TOO_MANY_PENDING_ORDERS' });
    });

    it('at the cap, repeating an idempotency key still returns its order; a new key is refused', async () => {
      const [buyer, product] = [await newUser(), await newProduct({ stock: 10 })];
      const keyed = (idempotencyKey: string) =>
        place(buyer.id, product.id, { idempotencyKey, requestHash: 'h' });
      const keys = Array.from({ length: CAP }, () => unique('key'));
      const first = [];
      for (const key of keys) first.push(await keyed(key));
      await expect(keyed(keys[0] ?? '')).resolves.toEqual({ order: first[0]?.order, created: false });
      await expect(keyed(unique('key'))).rejects.toMatchObject({ code: 'TOO_MANY_PENDING_ORDERS' });
      expect(await stockOf(product.id)).toBe(10 - CAP);
    });

    it('10 concurrent calls with one key by a customer one below the cap make one order, refusing none', async () => {
      const [buyer, product] = [await newUser(), await newProduct({ stock: 10 })];
      for (let i = 0; i < CAP - 1; i++) await place(buyer.id, product.id);
      const key = unique('key');
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          place(buyer.id, product.id, { idempotencyKey: key, requestHash: 'h' }),
        ),
      );
      expect(new Set(results.map((result) => result.order.id)).size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(await stockOf(product.id)).toBe(10 - CAP);
    });
  });
}
