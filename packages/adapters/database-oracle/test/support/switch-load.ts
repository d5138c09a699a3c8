import { randomUUID } from 'node:crypto';
import {
  isAdapterError,
  pendingJob,
  seedDemoCatalog,
  type IDatabaseAdapter,
  type Product,
  type User,
} from '@bharatmart/core';
import { expect } from '@jest/globals';
import { hasSqlAccess, readSwitchRecord, switchDatabase, type SwitchFamily } from '@bharatmart/database-sql';

/** A switch under load over the network to or from Oracle takes seconds to minutes. */
export const SLOW_TEST_MS = 600_000;

/** What the writers saw succeed: every write that returned must be on the target after the flip. */
export interface Written {
  orders: string[];
  /** Per product, the last name a rename that returned set (each writer renames its own products). */
  names: Map<string, string>;
  /** Products created during the switch, all with an empty description and HSN code. */
  created: string[];
  failures: unknown[];
}

/** A shop on `source` for a live switch test: the demo catalog with plenty of stock, one product with an empty description, two customers. */
export async function seed(source: IDatabaseAdapter): Promise<{ users: User[]; products: Product[] }> {
  await source.migrations.latest();
  await seedDemoCatalog(source);
  await source.products.create({
    sku: `EMPTY-${randomUUID()}`,
    name: 'Loose tea, no description',
    description: '',
    price: 12_000,
    currency: 'INR',
    stock: 10,
    category: 'grocery',
    hsnCode: '',
  });
  const products = (await source.products.list({ limit: 100, offset: 0 })).items;
  for (const product of products) await source.products.update(product.id, { stock: 1_000_000 });
  const users = [];
  for (let index = 0; index < 2; index++) {
    users.push(
      await source.users.create({
        email: `switch-${index}-${randomUUID()}@example.in`,
        name: `Switch ${index}`,
        passwordHash: 'x',
        role: 'customer',
      }),
    );
  }
  return { users, products };
}

/**
 * One writer per customer until `stop()`: an order (with its outbox job), a rename of one of its own
 * products, and every fifth round a new product with an empty description; a write refused with
 * WRITES_PAUSED (the fence, then the flip) is tried again a little later.
 */
export function startWriters(source: IDatabaseAdapter, shop: { users: User[]; products: Product[] }) {
  const written: Written = { orders: [], names: new Map(), created: [], failures: [] };
  let stopped = false;
  const writers = shop.users.map(async (user, writer) => {
    const own = shop.products.filter((_, index) => index % shop.users.length === writer);
    for (let step = 0; !stopped; step++) {
      try {
        const product = shop.products[step % shop.products.length]!;
        const { order } = await source.orders.create({
          userId: user.id,
          items: [{ productId: product.id, quantity: 1 }],
          idempotencyKey: `switch-${writer}-${step}`,
          requestHash: 'h',
          jobs: (orderId) => [pendingJob('payment.charge', { orderId }, `charge-${orderId}`)],
        });
        written.orders.push(order.id);
        const renamed = own[step % own.length]!;
        const name = `${renamed.name.split(' #')[0]} #${writer}-${step}`;
        if (await source.products.update(renamed.id, { name })) written.names.set(renamed.id, name);
        if (step % 5 === 0) {
          const created = await source.products.create({
            sku: `NEW-${writer}-${step}-${randomUUID()}`,
            name: `New ${writer}-${step}`,
            description: '',
            price: 5_000,
            currency: 'INR',
            stock: 5,
            category: 'grocery',
          });
          written.created.push(created.id);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      } catch (error) {
        if (!isAdapterError(error, 'WRITES_PAUSED')) written.failures.push(error);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });
  return {
    /** Resolves once the writers have placed `count` orders in all. */
    async placed(count: number): Promise<void> {
      while (written.orders.length < count && written.failures.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop(): Promise<Written> {
      stopped = true;
      await Promise.all(writers);
      return written;
    },
  };
}

/**
 * Switches `source` to `target` under the writers' steady load and checks what every live switch
 * test promises: every write that returned is on the target, read through the domain, the empty
 * descriptions and HSN codes as ''; the outbox carries over; the source refuses writes with
 * WRITES_PAUSED and records the flip; the target takes orders.
 */
export async function expectSwitchUnderLoad(
  source: IDatabaseAdapter,
  target: IDatabaseAdapter,
  { targetType, sourceFamily }: { targetType: string; sourceFamily: SwitchFamily },
): Promise<void> {
  const shop = await seed(source);
  const writers = startWriters(source, shop);
  await writers.placed(4);
  // A write while the copy runs, to a field no writer touches: the change log has it, whatever the
  // copy read, so the catch-up always has a change to apply.
  let writeDuringCopy: Promise<unknown> | undefined;
  const report = await switchDatabase({
    source,
    target,
    targetType,
    fenceAtLag: 20,
    batchSize: 100,
    fenceLeaseMs: 60_000,
    onEvent: (event) => {
      if (event.kind === 'phase' && event.phase === 'copy' && event.state === 'start') {
        writeDuringCopy = source.products.update(shop.products[0]!.id, {
          description: 'written during the copy',
        });
      }
    },
  });
  const written = await writers.stop();

  expect(written.failures).toEqual([]);
  expect(report.verification.filter((table) => !table.match)).toEqual([]);
  await expect(writeDuringCopy).resolves.toMatchObject({ description: 'written during the copy' });
  expect(report.appliedChanges).toBeGreaterThan(0);
  expect(written.orders.length).toBeGreaterThanOrEqual(4);
  for (const id of written.orders) {
    await expect(target.orders.get(id)).resolves.toEqual(await source.orders.get(id));
  }
  // By id: the two databases may sort names by different collations.
  const products = async (db: IDatabaseAdapter) =>
    (await db.products.list({ limit: 500, offset: 0 })).items.sort((a, b) => (a.id < b.id ? -1 : 1));
  const onTarget = await products(target);
  expect(onTarget).toEqual(await products(source));
  for (const [id, name] of written.names) {
    expect(onTarget.find((product) => product.id === id)?.name).toBe(name);
  }
  const empty = onTarget.filter((product) => product.description === '');
  expect(empty.length).toBeGreaterThanOrEqual(1 + written.created.length);
  expect(empty.some((product) => product.hsnCode === '')).toBe(true);
  const pending = async (db: IDatabaseAdapter) =>
    (await db.outbox.pending(10_000)).sort((a, b) => (a.id < b.id ? -1 : 1));
  expect(await pending(target)).toEqual(await pending(source));

  const [product] = shop.products;
  await expect(source.products.update(product!.id, { name: 'after the flip' })).rejects.toMatchObject({
    code: 'WRITES_PAUSED',
  });
  if (!hasSqlAccess(source)) throw new Error('no SQL access');
  await expect(readSwitchRecord(source.sqlAccess, sourceFamily)).resolves.toMatchObject({
    phase: 'flipped',
    target: targetType,
    switchId: report.switchId,
  });
  await expect(
    target.orders.create({
      userId: shop.users[0]!.id,
      items: [{ productId: product!.id, quantity: 1 }],
      jobs: (orderId) => [pendingJob('payment.charge', { orderId }, `after-${orderId}`)],
    }),
  ).resolves.toMatchObject({ created: true });
}
