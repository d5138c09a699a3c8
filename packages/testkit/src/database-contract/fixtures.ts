import { randomUUID } from 'node:crypto';
import type { IDatabaseAdapter, NewProduct, Order, PendingJob, Product, User } from '@bharatmart/core';

/** Helpers the database contract's tests share; every row they write is named uniquely per run. */
export interface DatabaseFixtures {
  /** The shared, migrated adapter (set in the suite's `beforeAll`). */
  readonly db: IDatabaseAdapter;
  /** A random token naming this run. */
  readonly run: string;
  /** `<prefix>-<run>-<n>`, never repeated. */
  unique(prefix: string): string;
  /** Creates a product with a unique sku, name and category; price 1000, stock 10 unless overridden. */
  newProduct(overrides?: Partial<NewProduct>): Promise<Product>;
  /** Creates a customer with a unique email and password hash `hash`. */
  newUser(): Promise<User>;
  /** The product's stock now. */
  stockOf(productId: string): Promise<number | undefined>;
  /** Creates an order without idempotency key and returns it. */
  order(
    userId: string,
    items: { productId: string; quantity: number }[],
    jobs?: PendingJob[],
  ): Promise<Order>;
  /** Keys of every pending outbox entry. */
  pendingKeys(): Promise<string[]>;
  /** Waits a few milliseconds, so that the next row gets a later timestamp. */
  tick(): Promise<void>;
  /** An `order.invoice` job with a unique key. */
  job(subject: string): PendingJob;
}

/** Fixtures over the adapter `getDb` returns when a test runs. */
export function createDatabaseFixtures(getDb: () => IDatabaseAdapter): DatabaseFixtures {
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${run}-${++counter}`;
  return {
    get db() {
      return getDb();
    },
    run,
    unique,
    newProduct: (overrides = {}) =>
      getDb().products.create({
        sku: unique('SKU'),
        name: unique('Product'),
        description: 'A contract-test product',
        price: 1_000,
        currency: 'INR',
        stock: 10,
        category: unique('category'),
        ...overrides,
      }),
    newUser: () =>
      getDb().users.create({
        email: `${unique('user')}@example.test`,
        name: 'Test User',
        passwordHash: 'hash',
        role: 'customer',
      }),
    stockOf: async (productId) => (await getDb().products.get(productId))?.stock,
    order: async (userId, items, jobs = []) =>
      (await getDb().orders.create({ userId, items, jobs: () => jobs })).order,
    pendingKeys: async () => (await getDb().outbox.pending(100_000)).map((entry) => entry.key),
    tick: () => new Promise((resolve) => setTimeout(resolve, 5)),
    job: (subject) => ({ name: 'order.invoice', payload: { orderId: subject }, key: unique(subject) }),
  };
}
