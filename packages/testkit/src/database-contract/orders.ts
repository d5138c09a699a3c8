import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Order, PendingJob, Product, User } from '@bharatmart/core';
import type { DatabaseFixtures } from './fixtures.js';

/** OrderRepository: atomic reservation, no oversell, idempotency, listing, compare-and-set transitions. */
export function describeOrderContract(fx: DatabaseFixtures): void {
  const { unique, newProduct, newUser, stockOf, order, pendingKeys, tick, job } = fx;
  describe('orders', () => {
    let user: User;
    beforeAll(async () => {
      user = await newUser();
    });

    it('reserves stock and records items with the prices and names read at order time', async () => {
      const [a, b] = [
        await newProduct({ price: 250, stock: 5 }),
        await newProduct({ price: 1_000, stock: 3 }),
      ];
      const jobs = (orderId: string): PendingJob[] => [
        { name: 'order.inventory', payload: { orderId }, key: `order.inventory:${orderId}` },
      ];
      const { order, created } = await fx.db.orders.create({
        userId: user.id,
        items: [
          { productId: a.id, quantity: 2 },
          { productId: b.id, quantity: 3 },
        ],
        jobs,
      });
      expect(created).toBe(true);
      expect(order).toMatchObject({
        userId: user.id,
        status: 'pending',
        paymentStatus: 'pending',
        total: 3_500,
        currency: 'INR',
      });
      expect(order.items).toEqual([
        { productId: a.id, sku: a.sku, name: a.name, quantity: 2, unitPrice: 250 },
        { productId: b.id, sku: b.sku, name: b.name, quantity: 3, unitPrice: 1_000 },
      ]);
      expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([3, 0]);
      await expect(fx.db.orders.get(order.id)).resolves.toEqual(order);
      expect(await pendingKeys()).toContain(`order.inventory:${order.id}`);
    });

    it('takes nothing when a later item lacks stock, and names that product', async () => {
      const [a, b] = [await newProduct({ stock: 5 }), await newProduct({ stock: 1 })];
      const attempt = order(user.id, [
        { productId: a.id, quantity: 2 },
        { productId: b.id, quantity: 2 },
      ]);
      await expect(attempt).rejects.toMatchObject({
        name: 'DomainError',
        code: 'INSUFFICIENT_STOCK',
        details: { productIds: [b.id] },
      });
      expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([5, 1]);
    });

    it('raises NOT_FOUND for an unknown product and takes nothing', async () => {
      const a = await newProduct({ stock: 5 });
      const unknown = randomUUID();
      const attempt = order(user.id, [
        { productId: a.id, quantity: 1 },
        { productId: unknown, quantity: 1 },
      ]);
      await expect(attempt).rejects.toMatchObject({
        code: 'NOT_FOUND',
        details: { productIds: [unknown] },
      });
      expect(await stockOf(a.id)).toBe(5);
    });

    it('never oversells: 60 concurrent single-unit orders for 18 units', async () => {
      const product = await newProduct({ stock: 18 });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 60 }, () => order(user.id, [{ productId: product.id, quantity: 1 }])),
      );
      const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(18);
      expect(failures).toHaveLength(42);
      for (const failure of failures) expect(failure).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      expect(await stockOf(product.id)).toBe(0);
    });

    it('completes concurrent orders naming the same products in opposite orders (no deadlock)', async () => {
      const [a, b] = [await newProduct({ stock: 100 }), await newProduct({ stock: 100 })];
      const items = (first: Product, second: Product) => [
        { productId: first.id, quantity: 1 },
        { productId: second.id, quantity: 1 },
      ];
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => order(user.id, i % 2 === 0 ? items(a, b) : items(b, a))),
      );
      expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([70, 70]);
    });

    describe('idempotency', () => {
      const create = (productId: string, idempotencyKey: string, requestHash = 'hash-1') =>
        fx.db.orders.create({
          userId: user.id,
          items: [{ productId, quantity: 1 }],
          idempotencyKey,
          requestHash,
          jobs: () => [],
        });

      it('returns the first order, created false, and takes stock once', async () => {
        const product = await newProduct({ stock: 5 });
        const key = unique('key');
        const first = await create(product.id, key);
        const second = await create(product.id, key);
        expect(first.created).toBe(true);
        expect(second).toEqual({ order: first.order, created: false });
        expect(await stockOf(product.id)).toBe(4);
      });

      it('makes one order from 10 concurrent calls with the same key', async () => {
        const product = await newProduct({ stock: 50 });
        const key = unique('key');
        const results = await Promise.all(Array.from({ length: 10 }, () => create(product.id, key)));
        expect(new Set(results.map((result) => result.order.id)).size).toBe(1);
        expect(results.filter((result) => result.created)).toHaveLength(1);
        expect(await stockOf(product.id)).toBe(49);
      });

      it('raises IDEMPOTENCY_KEY_REUSED for the same key with another request hash', async () => {
        const product = await newProduct({ stock: 5 });
        const key = unique('key');
        await create(product.id, key, 'hash-1');
        await expect(create(product.id, key, 'hash-2')).rejects.toMatchObject({
          code: 'IDEMPOTENCY_KEY_REUSED',
        });
        expect(await stockOf(product.id)).toBe(4);
      });

      it('scopes keys to the user', async () => {
        const product = await newProduct({ stock: 5 });
        const key = unique('key');
        const other = await newUser();
        const mine = await create(product.id, key);
        const theirs = await fx.db.orders.create({
          userId: other.id,
          items: [{ productId: product.id, quantity: 1 }],
          idempotencyKey: key,
          requestHash: 'hash-1',
          jobs: () => [],
        });
        expect(theirs.created).toBe(true);
        expect(theirs.order.id).not.toBe(mine.order.id);
      });
    });

    it('lists newest first, per user, with the total', async () => {
      const buyer = await newUser();
      const product = await newProduct({ stock: 10 });
      const placed: Order[] = [];
      for (let i = 0; i < 3; i++) {
        placed.push(await order(buyer.id, [{ productId: product.id, quantity: 1 }]));
        await tick();
      }
      const [first, second, third] = placed;
      await expect(fx.db.orders.list({ userId: buyer.id, limit: 2, offset: 0 })).resolves.toEqual({
        items: [third, second],
        total: 3,
      });
      await expect(fx.db.orders.list({ userId: buyer.id, limit: 2, offset: 2 })).resolves.toEqual({
        items: [first],
        total: 3,
      });
      const all = await fx.db.orders.list({ limit: 1, offset: 0 });
      expect(all.total).toBeGreaterThanOrEqual(3);
      await expect(fx.db.orders.get(randomUUID())).resolves.toBeUndefined();
    });

    it('finds orders awaiting payment placed before a time, oldest first, with their items', async () => {
      const productId = (await newProduct({ stock: 10 })).id;
      const place = () => order(user.id, [{ productId, quantity: 1 }]);
      const older = await place();
      await tick();
      const paid = await place();
      await fx.db.orders.transition(paid.id, { from: ['pending'], to: 'confirmed', paymentStatus: 'paid' });
      const cancelled = await place();
      await fx.db.orders.transition(cancelled.id, { from: ['pending'], to: 'cancelled', restock: true });
      await tick();
      const newer = await place();
      await tick();
      const ours = new Set([older.id, paid.id, cancelled.id, newer.id]);
      const awaiting = async (createdBefore: string, limit = 10_000) =>
        (await fx.db.orders.awaitingPayment({ createdBefore, limit })).filter((found) => ours.has(found.id));

      await expect(awaiting(new Date().toISOString())).resolves.toEqual([older, newer]);
      await expect(awaiting(newer.createdAt)).resolves.toEqual([older]);
      await expect(awaiting(older.createdAt)).resolves.toEqual([]);
      const [oldest, ...rest] = await fx.db.orders.awaitingPayment({
        createdBefore: newer.createdAt,
        limit: 1,
      });
      expect(rest).toEqual([]);
      expect(oldest!.createdAt <= older.createdAt).toBe(true);
    });

    describe('transition', () => {
      it('applies a change allowed by the current state', async () => {
        const placed = await order(user.id, [{ productId: (await newProduct()).id, quantity: 1 }]);
        const updated = await fx.db.orders.transition(placed.id, {
          from: ['pending'],
          to: 'confirmed',
          paymentStatus: 'paid',
        });
        expect(updated).toMatchObject({
          id: placed.id,
          status: 'confirmed',
          paymentStatus: 'paid',
          items: placed.items,
        });
        await expect(fx.db.orders.get(placed.id)).resolves.toEqual(updated);
      });

      it('reports a conflict and changes nothing when the state does not allow it', async () => {
        const product = await newProduct({ stock: 4 });
        const placed = await order(user.id, [{ productId: product.id, quantity: 2 }]);
        const refund = job('refund');
        const denied = await fx.db.orders.transition(placed.id, {
          from: ['confirmed'],
          to: 'cancelled',
          restock: true,
          jobs: [refund],
        });
        expect(denied).toEqual({ conflict: placed });
        const unpaid = await fx.db.orders.transition(placed.id, {
          from: ['pending'],
          fromPayment: ['paid'],
          to: 'cancelled',
          restock: true,
          jobs: [refund],
        });
        expect(unpaid).toEqual({ conflict: placed });
        expect(await stockOf(product.id)).toBe(2);
        expect(await pendingKeys()).not.toContain(refund.key);
      });

      it('returns undefined for an unknown order', async () => {
        await expect(
          fx.db.orders.transition(randomUUID(), { from: ['pending'], to: 'confirmed' }),
        ).resolves.toBeUndefined();
      });

      it('restocks and writes its jobs with the change, once', async () => {
        const product = await newProduct({ stock: 4 });
        const placed = await order(user.id, [
          { productId: product.id, quantity: 1 },
          { productId: product.id, quantity: 2 },
        ]);
        expect(await stockOf(product.id)).toBe(1);
        const refund = job('refund');
        const cancel = {
          from: ['pending' as const],
          to: 'cancelled' as const,
          paymentStatus: 'refunded' as const,
          restock: true,
          jobs: [refund],
        };
        await expect(fx.db.orders.transition(placed.id, cancel)).resolves.toMatchObject({
          status: 'cancelled',
          paymentStatus: 'refunded',
        });
        expect(await stockOf(product.id)).toBe(4);
        expect(await pendingKeys()).toContain(refund.key);
        await expect(fx.db.orders.transition(placed.id, cancel)).resolves.toMatchObject({
          conflict: { status: 'cancelled' },
        });
        expect(await stockOf(product.id)).toBe(4);
      });
    });
  });
}
