import { randomUUID } from 'node:crypto';
import {
  isAdapterError,
  pendingJob,
  seedDemoCatalog,
  type IDatabaseAdapter,
  type Product,
  type User,
} from '@bharatmart/core';

/** What a load saw succeed, to hold the target against: every write that returned is a write that happened. */
export interface LoadOutcome {
  /** Ids of orders whose creation returned. */
  orders: string[];
  /** Ids of orders whose cancellation returned the cancelled order. */
  cancelled: string[];
  /** Per product, the last name an edit that returned set (each writer edits its own products). */
  names: Map<string, string>;
  /** When each write that succeeded was started (performance.now()). */
  successStarts: number[];
  /** Any other failure: a test of a switch expects none. */
  failures: unknown[];
}

/** A running load of writers on a shop's repositories; `stop()` waits for them and says what they saw. */
export interface ShopLoad {
  stop(): Promise<LoadOutcome>;
  /** Resolves once each writer has had `count` more writes succeed, counted from this call. */
  succeeded(count: number): Promise<void>;
}

/** Seeds a shop: the demo catalog with plenty of stock, and `customers` customers. */
export async function seedShop(
  db: IDatabaseAdapter,
  customers = 4,
): Promise<{ users: User[]; products: Product[] }> {
  await db.migrations.latest();
  await seedDemoCatalog(db);
  const products = (await db.products.list({ limit: 100, offset: 0 })).items;
  for (const product of products) await db.products.update(product.id, { stock: 1_000_000 });
  const users: User[] = [];
  for (let index = 0; index < customers; index++) {
    users.push(
      await db.users.create(
        {
          email: `load-${index}-${randomUUID()}@example.in`,
          name: `Load ${index}`,
          passwordHash: 'x',
          role: 'customer',
        },
        (userId) => [pendingJob('email.welcome', { userId }, userId)],
      ),
    );
  }
  return { users, products: (await db.products.list({ limit: 100, offset: 0 })).items };
}

/**
 * Starts one writer per user: each places orders (with an outbox job and an idempotency key), renames
 * its own products, and cancels every third order, pausing `thinkTimeMs` between rounds (a steady
 * load, not a flood), through `db()` (called per write, so a test may move the writers to another
 * adapter). Writes refused with WRITES_PAUSED are retried a little later.
 */
export function startShopLoad(
  db: () => IDatabaseAdapter,
  shop: { users: User[]; products: Product[] },
  thinkTimeMs: number,
): ShopLoad {
  const outcome: LoadOutcome = {
    orders: [],
    cancelled: [],
    names: new Map(),
    successStarts: [],
    failures: [],
  };
  let stopped = false;
  const successes = shop.users.map(() => 0);
  const waiters: (() => void)[] = [];
  const writers = shop.users.map(async (user, writer) => {
    const own = shop.products.filter((_, index) => index % shop.users.length === writer);
    for (let step = 0; !stopped; step++) {
      try {
        const product = shop.products[step % shop.products.length]!;
        let started = performance.now();
        const { order } = await db().orders.create({
          userId: user.id,
          items: [{ productId: product.id, quantity: 1 }],
          idempotencyKey: `load-${writer}-${step}`,
          requestHash: 'h',
          jobs: (orderId) => [pendingJob('payment.charge', { orderId }, `charge-${orderId}`)],
        });
        outcome.orders.push(order.id);
        outcome.successStarts.push(started);
        const renamed = own[step % own.length];
        if (renamed) {
          const name = `${renamed.name.split(' #')[0]} #${writer}-${step}`;
          started = performance.now();
          if (await db().products.update(renamed.id, { name })) outcome.names.set(renamed.id, name);
          outcome.successStarts.push(started);
        }
        if (step % 3 === 0) {
          started = performance.now();
          const result = await db().orders.transition(order.id, {
            from: ['pending'],
            to: 'cancelled',
            restock: true,
          });
          if (result && !('conflict' in result)) outcome.cancelled.push(order.id);
          outcome.successStarts.push(started);
        }
        successes[writer] = (successes[writer] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, thinkTimeMs));
        for (const wake of waiters.splice(0)) wake();
      } catch (error) {
        // A write the fence refused is retried; anything else is a failure the test reports.
        if (!isAdapterError(error, 'WRITES_PAUSED')) outcome.failures.push(error);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(writers);
      return outcome;
    },
    async succeeded(count) {
      const goal = successes.map((done) => done + count);
      while (successes.some((done, writer) => done < goal[writer]!))
        await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}
