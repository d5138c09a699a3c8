import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { createMysqlDatabase } from '@bharatmart/database-mysql';
import { createPgliteDatabase, PGLITE_MEMORY } from '@bharatmart/database-pglite';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import {
  copyDatabase,
  hasSqlAccess,
  verifyCopy,
  type CopyProgress,
  type CopyReport,
} from '@bharatmart/database-sql';
import { describeWithService, useMysqlTestDatabase, usePostgresTestDatabase } from '@bharatmart/testkit';
import { addBulkOrders, seedShop, type Shop } from './shop-data.js';

const BULK_ORDERS = 10_000;

/**
 * The copy scenario for one pair of backends: a seeded source plus BULK_ORDERS generated orders,
 * copied, copied again, then a target row corrupted behind the copy's back.
 */
function describeCopy(title: string, open: () => { source: IDatabaseAdapter; target: IDatabaseAdapter }) {
  describe(title, () => {
    let source: IDatabaseAdapter;
    let target: IDatabaseAdapter;
    let shop: Shop;
    let first: CopyReport;

    beforeAll(async () => {
      ({ source, target } = open());
      await source.migrations.latest();
      shop = await seedShop(source);
      await addBulkOrders(source, shop, BULK_ORDERS);
    });
    afterAll(async () => {
      await source?.close();
      await target?.close();
    });

    it('copies every table: counts and checksums match, progress reaches each total', async () => {
      const progress: CopyProgress[] = [];
      first = await copyDatabase({ source, target, onProgress: (event) => progress.push(event) });

      expect(first.filter((table) => !table.match)).toEqual([]);
      const rows = Object.fromEntries(first.map((table) => [table.table, table.targetRows]));
      expect(rows).toMatchObject({
        orders: BULK_ORDERS + 20,
        users: 4,
        payments: 10,
        invoices: 10,
        customer_addresses: 4,
      });
      expect(rows.order_items).toBeGreaterThan(2 * BULK_ORDERS);
      for (const table of first) {
        const events = progress.filter((event) => event.table === table.table);
        expect(events[0]).toEqual({ table: table.table, copied: 0, total: table.sourceRows });
        expect(events.at(-1)).toEqual({
          table: table.table,
          copied: table.sourceRows,
          total: table.sourceRows,
        });
      }
      // The domain reads the same on the target as on the source.
      for (const { id } of shop.orders) {
        await expect(target.orders.get(id)).resolves.toEqual(await source.orders.get(id));
        await expect(target.invoices.getByOrder(id)).resolves.toEqual(await source.invoices.getByOrder(id));
      }
      for (const { id } of shop.users)
        await expect(target.addresses.list(id)).resolves.toEqual(await source.addresses.list(id));
      const catalog = { limit: 100, offset: 0 };
      await expect(target.products.list(catalog)).resolves.toEqual(await source.products.list(catalog));
      await expect(target.outbox.pending(100)).resolves.toEqual(await source.outbox.pending(100));
    });

    it('changes nothing when run again', async () => {
      await expect(copyDatabase({ source, target })).resolves.toEqual(first);
    });

    it('reports a corrupted target row as a mismatch, and a new copy repairs it', async () => {
      if (!hasSqlAccess(target)) throw new Error('the target has no SQL access');
      const order = shop.orders[3]!;
      await target.sqlAccess.db.updateTable('orders').set({ total: 1 }).where('id', '=', order.id).execute();

      const report = await verifyCopy({ source, target });
      expect(report.filter((table) => !table.match)).toEqual([
        expect.objectContaining({
          table: 'orders',
          sourceRows: BULK_ORDERS + 20,
          targetRows: BULK_ORDERS + 20,
        }),
      ]);
      const orders = report.find((table) => table.table === 'orders')!;
      expect(orders.targetChecksum).not.toBe(orders.sourceChecksum);

      await expect(copyDatabase({ source, target })).resolves.toEqual(first);
    });
  });
}

await describeWithService('postgres', 'copyDatabase pglite → postgresql', () => {
  const database = usePostgresTestDatabase('copy_from_pglite');
  describeCopy('10,000 orders', () => ({
    source: createPgliteDatabase({ dataDir: PGLITE_MEMORY }),
    target: createPostgresDatabase({ connectionString: database().url }),
  }));
});

await describeWithService('mariadb', 'copyDatabase postgresql → mysql', () => {
  const from = usePostgresTestDatabase('copy_to_mysql');
  const to = useMysqlTestDatabase('copy_from_postgres');
  describeCopy('10,000 orders', () => ({
    source: createPostgresDatabase({ connectionString: from().url }),
    target: createMysqlDatabase({ uri: to().url }),
  }));
});
