import { sqlMigrations } from '@bharatmart/database-sql';
import { SESSION_SETUP } from '../../src/oracle-connector.js';
import type { RecordingOracle } from '../support/recording-oracle.js';
import { migratedSchema } from '../support/scripted-schemas.js';
import type { SqlScenario } from '../support/sql-snapshot.js';
import { AT } from './rows.js';

const migrationTable = {
  TABLE_NAME: 'bharatmart_migrations',
  COLUMN_NAME: 'name',
  DATA_TYPE: 'VARCHAR2',
  NULLABLE: 'N',
  DEFAULT_LENGTH: null,
  IDENTITY_COLUMN: 'NO',
  OBJECT_TYPE: 'TABLE',
};

/** What a user granted CREATE PROCEDURE, CREATE TRIGGER and CTXAPP finds (migration 0009 checks). */
const ORACLE_TEXT_PRIVILEGES = [
  { privilege: 'CREATE PROCEDURE' },
  { privilege: 'CREATE TRIGGER' },
  { privilege: 'CTX_DDL' },
];

/** A schema migrated up to 0008, so that only 0009 runs. */
const migratedThrough0008 = (oracle: RecordingOracle) =>
  migratedSchema(
    oracle,
    sqlMigrations.filter((migration) => migration.name < '0009'),
  );

/** Every migration, and what the migration runner reads and locks around them. */
export const migrationScenarios: SqlScenario[] = [
  {
    title:
      'migrations.latest: on an empty schema, the bookkeeping tables, the lock row, the lock (own session), then every migration',
    script: (oracle) => oracle.on(/from session_privs/, { rows: ORACLE_TEXT_PRIVILEGES }),
    run: (db) => db.migrations.latest(),
  },
  {
    title:
      'migrations.latest: 0009 stops when its trigger did not compile (Oracle creates it anyway and only warns)',
    script: (oracle) =>
      migratedThrough0008(
        oracle.on(/from session_privs/, { rows: ORACLE_TEXT_PRIVILEGES }).on(/from user_errors/, {
          rows: [
            { name: 'PRODUCTS_SEARCH_SYNC', line: 1, text: 'PLS-00201: identifier "X" must be declared\n' },
          ],
        }),
      ),
    run: (db) => db.migrations.latest(),
  },
  {
    title:
      'migrations.latest: 0009 (Oracle Text search) is refused before any DDL when the user lacks CREATE PROCEDURE and CTXAPP',
    script: (oracle) =>
      migratedThrough0008(oracle.on(/from session_privs/, { rows: [{ privilege: 'CREATE TRIGGER' }] })),
    run: (db) => db.migrations.latest(),
  },
  {
    title: 'migrations.latest: the lock stays taken for 300 s (ORA-30006)',
    script: (oracle) =>
      oracle.on(/for update wait 300$/, {
        code: 'ORA-30006',
        message: 'ORA-30006: resource busy; acquire with WAIT timeout expired',
      }),
    run: (db) => db.migrations.latest(),
  },
  {
    title: 'migrations.status: applied migrations from the bookkeeping table',
    script: (oracle) =>
      oracle
        .on(/from "USER_TAB_COLUMNS"/, { rows: [migrationTable] })
        .on(/^select "name", "timestamp" from "bharatmart_migrations"/, {
          rows: sqlMigrations.map((migration) => ({ name: migration.name, timestamp: AT })),
        }),
    run: (db) => db.migrations.status(),
  },
  {
    title: "migrations.identity: the database's id, written once by migration 0004",
    script: (oracle) =>
      oracle.on(/^select "id" from "database_identity"/, {
        rows: [{ id: '6f1c2a9e-0b7d-4c55-9a43-2d8e5f7b1c30' }],
      }),
    run: (db) => db.migrations.identity(),
  },
];

/** Health, close, and the session setup of the real connector. */
export const adapterScenarios: SqlScenario[] = [
  {
    title: 'adapter.health: a select from dual, then close() closes the pool',
    run: async (db) => {
      await db.health();
      await db.close();
    },
  },
  {
    title: 'session setup: run by createOracleConnector on every new pooled session (sent here by the test)',
    run: async (_db, oracle) => {
      const session = await (await oracle.openPool()).getSession();
      await session.execute(SESSION_SETUP, [], true);
    },
  },
];
