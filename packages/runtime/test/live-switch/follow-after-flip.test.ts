import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { pendingJob, type IDatabaseAdapter } from '@bharatmart/core';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import { switchDatabase } from '@bharatmart/database-sql';
import { describeWithService, usePostgresTestDatabase } from '@bharatmart/testkit';
import { createLogger } from '../../src/logger.js';
import { followDatabaseSwitch } from '../../src/switch/following-database.js';
import { seedShop } from './shop-load.js';

/**
 * A process that has not polled since the flip (a worker) gets a job for an order that another
 * process (the API, which saw the flip first) placed on the target: its lookup must find the order,
 * not answer "not found" from the source, which would fail the job for good.
 */
await describeWithService('postgres', 'a process that has not seen the flip yet', () => {
  const from = usePostgresTestDatabase('follow_from');
  const to = usePostgresTestDatabase('follow_to');
  const opened: IDatabaseAdapter[] = [];
  const open = (url: string) => {
    const db = createPostgresDatabase({ connectionString: url });
    opened.push(db);
    return db;
  };
  let follower: IDatabaseAdapter;
  let shop: Awaited<ReturnType<typeof seedShop>>;
  beforeAll(async () => {
    shop = await seedShop(open(from().url), 1);
    follower = await followDatabaseSwitch({
      source: open(from().url),
      next: { type: 'postgresql', open: async () => open(to().url) },
      logger: createLogger({ level: 'silent', name: 'follow-after-flip' }),
      // It would notice the flip only in an hour: the lookup below must notice it on its own.
      pollIntervalMs: 3_600_000,
    });
    await switchDatabase({ source: open(from().url), target: open(to().url), targetType: 'postgresql' });
  });
  afterAll(async () => {
    await follower?.close();
    await Promise.all(opened.map((db) => db.close()));
  });

  it('finds a row written on the target after the flip, and serves from the target from then on', async () => {
    const onTarget = open(to().url);
    const { order } = await onTarget.orders.create({
      userId: shop.users[0]!.id,
      items: [{ productId: shop.products[0]!.id, quantity: 1 }],
      jobs: (orderId) => [pendingJob('payment.charge', { orderId }, `charge-${orderId}`)],
    });
    await expect(follower.orders.get(order.id)).resolves.toMatchObject({ id: order.id, status: 'pending' });
    await expect(follower.products.get('no-such-product')).resolves.toBeUndefined();
    await expect(
      follower.products.update(shop.products[0]!.id, { name: 'written after the flip' }),
    ).resolves.toBeTruthy();
    await expect(onTarget.products.get(shop.products[0]!.id)).resolves.toMatchObject({
      name: 'written after the flip',
    });
  });
});
