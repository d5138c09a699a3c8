import { switchDatabase } from '@bharatmart/database-sql';
import { OracleRows } from '../support/oracle-rows.js';
import { expectHeld, migratedTarget, pgliteShop } from '../support/scripted-schemas.js';
import type { SqlScenario } from '../support/sql-snapshot.js';
import { product } from './rows.js';

/**
 * A live switch (db:switch, the admin endpoint) from PGlite to Oracle: every statement the engine
 * sends to an Oracle target, with writes arriving on the source while the copy runs.
 */
export const switchTargetScenarios: SqlScenario[] = [
  {
    title:
      "switchDatabase (db:switch) from PGlite to Oracle: target migrations and identity; the live copy updates by key and inserts the rows it did not find; a row changed, one added and one deleted during the copy are caught up by key (update, update-then-insert, delete); every row compared by key batches; writes during the comparison caught up, then under the fence counts and the changed rows read again by key (the deleted one must be gone); '' description and HSN code bound as NULL and compared equal to the source's ''",
    run: async (target, oracle) => {
      const { source, db } = await pgliteShop();
      try {
        await db
          .insertInto('products')
          .values([
            product('p-1', { description: '', hsn_code: '' }),
            product('p-2', { description: 'Assam, second flush' }),
          ])
          .execute();
        // Writes reach the source while the engine waits for Oracle: three during the copy (at its
        // first insert), caught up by key before the comparison; two during the comparison (at its
        // first read by keys), caught up after it and compared again under the fence.
        const once = (write: () => Promise<void>) => {
          let done = false;
          return async () => {
            if (done) return;
            done = true;
            await write();
          };
        };
        const products = new OracleRows('products', {
          beforeInsert: once(async () => {
            await db.updateTable('products').set({ stock: 7 }).where('id', '=', 'p-1').execute();
            await db.deleteFrom('products').where('id', '=', 'p-2').execute();
            await db
              .insertInto('products')
              .values(product('p-3', { description: '' }))
              .execute();
          }),
          beforeSelectByKeys: once(async () => {
            await db.updateTable('products').set({ name: 'Darjeeling' }).where('id', '=', 'p-1').execute();
            await db.deleteFrom('products').where('id', '=', 'p-3').execute();
          }),
        });
        migratedTarget(oracle, products);
        const report = await switchDatabase({ source, target, targetType: 'oci-autonomous' });
        const copied = report.verification.find((check) => check.table === 'products');
        if (report.verification.some((check) => !check.match) || copied?.targetRows !== 1) {
          throw new Error(`verification: ${JSON.stringify(report.verification)}`);
        }
        expectHeld(products, {
          'p-1': { name: 'Darjeeling', stock: 7, description: null, hsn_code: null },
        });
      } finally {
        await source.close();
      }
    },
  },
];
