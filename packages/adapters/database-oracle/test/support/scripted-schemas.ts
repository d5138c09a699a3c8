import type { Kysely } from 'kysely';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { createPgliteDatabase, PGLITE_MEMORY } from '@bharatmart/database-pglite';
import { hasSqlAccess, sqlMigrations } from '@bharatmart/database-sql';
import { AT } from '../scenarios/rows.js';
import type { OracleRows } from './oracle-rows.js';
import type { RecordingOracle } from './recording-oracle.js';

/**
 * Scripts a migrated schema: the bookkeeping tables exist and list `applied` (every migration unless
 * given). Rules for the tables' rows go before it (the first matching rule answers).
 */
export function migratedSchema(
  oracle: RecordingOracle,
  applied: readonly { name: string }[] = sqlMigrations,
): RecordingOracle {
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
      rows: applied.map((migration) => ({ name: migration.name, timestamp: AT })),
    });
}

type AnyTables = Record<string, Record<string, unknown>>;

/** The scripted schema's identity, other than PGlite's (a switch refuses a database onto itself). */
const TARGET_IDENTITY = '0b9e5c1d-7a44-4f0e-8c2a-5d6e7f809a1b';

/** A migrated PGlite shop (the switch's source: capture triggers, change log and fence live there). */
export async function pgliteShop(): Promise<{ source: IDatabaseAdapter; db: Kysely<AnyTables> }> {
  const source = createPgliteDatabase({ dataDir: PGLITE_MEMORY });
  await source.migrations.latest();
  if (!hasSqlAccess(source)) throw new Error('the PGlite adapter offers no SqlAccess');
  return { source, db: source.sqlAccess.db as unknown as Kysely<AnyTables> };
}

/**
 * Scripts a migrated schema whose products table keeps what is written to it: a copy's or a switch's
 * target, or a switch's source (its other tables empty).
 */
export function migratedTarget(oracle: RecordingOracle, products: OracleRows): RecordingOracle {
  return migratedSchema(products.script(oracle))
    .on(/^select "id" from "database_identity"/, { rows: [{ id: TARGET_IDENTITY }] })
    .on(/^select count\(\*\)/, { rows: [{ rows: 0 }] });
}

/**
 * Throws, so that the snapshot shows it, unless `products` holds exactly the rows of `expected`, with
 * (at least) the values given, in Oracle's form.
 */
export function expectHeld(products: OracleRows, expected: Record<string, Record<string, unknown>>): void {
  for (const [id, columns] of Object.entries(expected)) {
    const row = products.rows.get(id);
    for (const [column, value] of Object.entries(columns)) {
      if (row?.[column] !== value) {
        throw new Error(
          `target ${id}.${column} is ${JSON.stringify(row?.[column])}, not ${JSON.stringify(value)}`,
        );
      }
    }
  }
  const ids = [...products.rows.keys()].sort().join(', ');
  if (ids !== Object.keys(expected).sort().join(', ')) throw new Error(`target holds ${ids}`);
}
