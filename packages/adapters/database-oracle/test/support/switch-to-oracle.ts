import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { pendingJob, type IDatabaseAdapter } from '@bharatmart/core';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import { hasSqlAccess, readSwitchRecord, switchDatabase } from '@bharatmart/database-sql';
import { describeWithService, usePostgresTestDatabase } from '@bharatmart/testkit';
import { seed, SLOW_TEST_MS, startWriters } from './switch-load.js';

/**
 * `postgresql → oci-autonomous`, live: a PostgreSQL shop (on this machine's PostgreSQL) switched to a
 * new Oracle schema from `openOracle` under a small steady write load. Every write that returned is
 * on Oracle afterwards, read through the domain, the empty descriptions as ''; the source refuses
 * writes and records the flip; Oracle takes orders.
 */
export async function describeSwitchToOracle(openOracle: () => Promise<IDatabaseAdapter>): Promise<void> {
  await describeWithService('postgres', 'live switch postgresql → oci-autonomous', () => {
    const from = usePostgresTestDatabase('switch_to_oracle');
    let source: IDatabaseAdapter | undefined;
    let target: IDatabaseAdapter | undefined;
    beforeAll(async () => {
      source = createPostgresDatabase({ connectionString: from().url });
      target = await openOracle();
    });
    afterAll(async () => {
      await source?.close();
      await target?.close();
    });

    it(
      'moves the shop under load: no write that returned is lost or different, empty descriptions arrive as NULL and read as ""',
      async () => {
        if (!source || !target) throw new Error('the databases are not open');
        const shop = await seed(source);
        const writers = startWriters(source, shop);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const report = await switchDatabase({
          source,
          target,
          targetType: 'oci-autonomous',
          fenceAtLag: 20,
          batchSize: 100,
          fenceLeaseMs: 60_000,
        });
        const written = await writers.stop();

        expect(written.failures).toEqual([]);
        expect(report.verification.filter((table) => !table.match)).toEqual([]);
        expect(report.appliedChanges).toBeGreaterThan(0);
        expect(written.orders.length).toBeGreaterThan(0);
        for (const id of written.orders) {
          await expect(target.orders.get(id)).resolves.toEqual(await source.orders.get(id));
        }
        // By id: the two databases may sort names by different collations.
        const products = async (db: IDatabaseAdapter) =>
          (await db.products.list({ limit: 500, offset: 0 })).items.sort((a, b) => (a.id < b.id ? -1 : 1));
        const onOracle = await products(target);
        expect(onOracle).toEqual(await products(source));
        for (const [id, name] of written.names) {
          expect(onOracle.find((product) => product.id === id)?.name).toBe(name);
        }
        const empty = onOracle.filter((product) => product.description === '');
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
        await expect(readSwitchRecord(source.sqlAccess, 'postgres')).resolves.toMatchObject({
          phase: 'flipped',
          target: 'oci-autonomous',
          switchId: report.switchId,
        });
        await expect(
          target.orders.create({
            userId: shop.users[0]!.id,
            items: [{ productId: product!.id, quantity: 1 }],
            jobs: (orderId) => [pendingJob('payment.charge', { orderId }, `after-${orderId}`)],
          }),
        ).resolves.toMatchObject({ created: true });
      },
      SLOW_TEST_MS,
    );
  });
}
