import { copyDatabase, sqlMigrations } from '@bharatmart/database-sql';
import { createOracleDatabaseOver } from '../../src/oracle-database-adapter.js';
import { RecordingOracle } from '../support/recording-oracle.js';
import type { SqlScenario } from '../support/sql-snapshot.js';
import { AT, product } from './rows.js';

/** Scripts a schema that is fully migrated and holds one product. */
function migratedWithOneProduct(oracle: RecordingOracle): RecordingOracle {
  return oracle
    .on(/from "USER_TAB_COLUMNS"/, {
      rows: ['bharatmart_migrations', 'bharatmart_migrations_lock'].map((table) => ({
        TABLE_NAME: table,
        COLUMN_NAME: 'id',
        DATA_TYPE: 'VARCHAR2',
        NULLABLE: 'N',
        DEFAULT_LENGTH: null,
        IDENTITY_COLUMN: 'NO',
        OBJECT_TYPE: 'TABLE',
      })),
    })
    .on(/^select "id" from "bharatmart_migrations_lock"/, { rows: [{ id: 'migration_lock' }] })
    .on(/^select "name", "timestamp" from "bharatmart_migrations"/, {
      rows: sqlMigrations.map((migration) => ({ name: migration.name, timestamp: AT })),
    })
    .on(/^select count\(\*\) "rows" from "products"/, { rows: [{ rows: 1 }] })
    .on(/^select count\(\*\)/, { rows: [{ rows: 0 }] })
    .on(/^select \* from "products"/, { rows: [product('p-1')] });
}

/** `db:copy` from one Oracle schema to another: the snapshot read, the upsert, the verification. */
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
];
