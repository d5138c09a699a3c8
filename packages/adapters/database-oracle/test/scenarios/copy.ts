import { copyDatabase } from '@bharatmart/database-sql';
import { createOracleDatabaseOver } from '../../src/oracle-database-adapter.js';
import { OracleRows } from '../support/oracle-rows.js';
import { RecordingOracle } from '../support/recording-oracle.js';
import { expectHeld, migratedSchema, migratedTarget, pgliteShop } from '../support/scripted-schemas.js';
import type { SqlScenario } from '../support/sql-snapshot.js';
import { product } from './rows.js';

/** Scripts a schema that is fully migrated and holds one product. */
function migratedWithOneProduct(oracle: RecordingOracle): RecordingOracle {
  return migratedSchema(
    oracle
      .on(/^select count\(\*\) "rows" from "products"/, { rows: [{ rows: 1 }] })
      .on(/^select \* from "products"/, { rows: [product('p-1')] }),
  ).on(/^select count\(\*\)/, { rows: [{ rows: 0 }] });
}

/**
 * `db:copy` from one Oracle schema to another (the snapshot read, the upsert, the verification), and
 * between PGlite and Oracle with a product whose description and HSN code are '' (NULL on Oracle).
 */
export const copyScenarios: SqlScenario[] = [
  {
    title:
      'copyDatabase (db:copy) to Oracle: source read in one serializable transaction; target rows updated by key, inserted when absent; both sides read back to verify',
    script: migratedWithOneProduct,
    run: async (source, oracle) => {
      const targetOracle = migratedWithOneProduct(new RecordingOracle('target ', oracle.calls)).on(
        /^update "products"/,
        { rowsAffected: 0 },
      );
      await copyDatabase({ source, target: createOracleDatabaseOver(targetOracle) });
    },
  },
  {
    title:
      "copyDatabase (db:copy) from PGlite to Oracle: '' description and HSN code bound as NULL; Oracle's NULL read back as '', so the checksums match",
    run: async (target, oracle) => {
      const { source, db } = await pgliteShop();
      try {
        await db
          .insertInto('products')
          .values(product('p-1', { description: '', hsn_code: '' }))
          .execute();
        const products = new OracleRows('products');
        migratedTarget(oracle, products);
        const report = await copyDatabase({ source, target });
        if (report.some((table) => !table.match)) throw new Error(`report: ${JSON.stringify(report)}`);
        expectHeld(products, { 'p-1': { description: null, hsn_code: null } });
      } finally {
        await source.close();
      }
    },
  },
  {
    title:
      "copyDatabase (db:copy) from Oracle to PGlite: NULL description and HSN code arrive as '' (NOT NULL there), and the copy verifies",
    run: async (source, oracle) => {
      const { source: target, db } = await pgliteShop();
      try {
        const products = new OracleRows('products');
        products.rows.set('p-1', product('p-1', { description: null, hsn_code: null }));
        migratedSchema(
          oracle
            .on(/^select count\(\*\) "rows" from "products"/, { rows: [{ rows: 1 }] })
            .on(/^select \* from "products"/, { rows: [...products.rows.values()] }),
        ).on(/^select count\(\*\)/, { rows: [{ rows: 0 }] });
        const report = await copyDatabase({ source, target });
        if (report.some((table) => !table.match)) throw new Error(`report: ${JSON.stringify(report)}`);
        const copied = await db.selectFrom('products').select(['description', 'hsn_code']).execute();
        if (JSON.stringify(copied) !== JSON.stringify([{ description: '', hsn_code: '' }])) {
          throw new Error(`PGlite holds ${JSON.stringify(copied)}`);
        }
      } finally {
        await target.close();
      }
    },
  },
];
