import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { Kysely, sql } from 'kysely';
import { Client, Pool } from 'pg';
import { AdapterError, type IDatabaseAdapter } from '@bharatmart/core';
import {
  createPostgresDialect,
  createSqlDatabase,
  postgresFeatures,
  sqlMigrations,
  type Database,
} from '@bharatmart/database-sql';
import {
  describeDatabaseContract,
  describeWithBinaries,
  describeWithService,
  usePgBouncer,
  usePostgresTestDatabase,
} from '@bharatmart/testkit';
import { createPostgresDatabase } from '../src/index.js';

const MIGRATION_NAMES = sqlMigrations.map((migration) => migration.name).sort();

/** The SQLSTATE somewhere in `error`'s cause chain. */
function sqlState(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Holds an exclusive lock on `products` over a direct connection while `work` runs. */
async function whileProductsLocked<T>(url: string, work: () => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('begin');
    await admin.query('lock table products in access exclusive mode');
    return await work();
  } finally {
    await admin.query('rollback').catch(() => {});
    await admin.end();
  }
}

await describeWithService('postgres', 'postgresql adapter through PgBouncer', () => {
  describeWithBinaries(
    ['pgbouncer'],
    'pgbouncer',
    'in transaction mode, default ignore_startup_parameters',
    () => {
      const pgbouncer = usePgBouncer();

      describe('the database contract', () => {
        const database = usePostgresTestDatabase('pgbouncer_contract');
        describeDatabaseContract('postgresql', async () =>
          createPostgresDatabase({ connectionString: pgbouncer().via(database().url), poolMax: 3 }),
        );
      });

      describe('three adapters migrating an empty database at once', () => {
        const database = usePostgresTestDatabase('pgbouncer_migrate');

        it('apply each migration exactly once, every call succeeds, and no lock is left behind', async () => {
          const adapters = [1, 2, 3].map(() =>
            createPostgresDatabase({ connectionString: pgbouncer().via(database().url), poolMax: 2 }),
          );
          try {
            const applied = await Promise.all(adapters.map((adapter) => adapter.migrations.latest()));
            expect(applied.flat().sort()).toEqual(MIGRATION_NAMES);
            const rows = await database().query('select name from bharatmart_migrations order by name');
            expect(rows.map((row) => row.name)).toEqual(MIGRATION_NAMES);
            const locks = await database().query(
              "select count(*)::int as held from pg_locks where locktype = 'advisory'",
            );
            expect(locks[0]?.held).toBe(0);
            await expect(adapters[0]!.migrations.latest()).resolves.toEqual([]);
          } finally {
            await Promise.all(adapters.map((adapter) => adapter.close()));
          }
        });
      });

      describe('three processes migrating an empty database at once through the pooler', () => {
        const database = usePostgresTestDatabase('pgbouncer_migrate_processes');
        const child = fileURLToPath(new URL('./fixtures/migrate.mjs', import.meta.url));

        it('apply each migration exactly once, and every process succeeds', async () => {
          const startAt = String(Date.now() + 1_500);
          const runs = await Promise.all(
            [1, 2, 3].map(() =>
              promisify(execFile)(process.execPath, [child, pgbouncer().via(database().url), startAt], {
                timeout: 30_000,
              }),
            ),
          );
          const applied = runs.map((run) => JSON.parse(run.stdout) as string[]);
          expect(applied.flat().sort()).toEqual(MIGRATION_NAMES);
          const rows = await database().query('select name from bharatmart_migrations order by name');
          expect(rows.map((row) => row.name)).toEqual(MIGRATION_NAMES);
        });
      });

      describe('a migration that fails through the pooler', () => {
        const database = usePostgresTestDatabase('pgbouncer_failed_migration');

        it('rolls back whole and leaves no lock behind: the next run applies every migration', async () => {
          const pool = new Pool({ connectionString: pgbouncer().via(database().url), max: 2 });
          const failing = createSqlDatabase({
            name: 'postgresql',
            db: new Kysely<Database>({ dialect: createPostgresDialect({ pool, statementTimeoutMs: 5_000 }) }),
            features: postgresFeatures,
            migrations: [
              ...sqlMigrations,
              { name: '9999-fails', up: async (trx) => void (await sql`select 1 / 0`.execute(trx)) },
            ],
          });
          try {
            await expect(failing.migrations.latest()).rejects.toThrow(
              /migration 9999-fails failed: division by zero/,
            );
          } finally {
            await failing.close();
          }
          const locks = await database().query(
            "select count(*)::int as held from pg_locks where locktype = 'advisory'",
          );
          expect(locks[0]?.held).toBe(0);
          const tables = await database().query("select to_regclass('products') is null as absent");
          expect(tables[0]?.absent).toBe(true);
          const db = createPostgresDatabase({
            connectionString: pgbouncer().via(database().url),
            poolMax: 2,
          });
          try {
            await expect(db.migrations.latest()).resolves.toEqual(
              sqlMigrations.map((migration) => migration.name),
            );
          } finally {
            await db.close();
          }
        });
      });

      describe('statement_timeout', () => {
        const database = usePostgresTestDatabase('pgbouncer_timeout');
        const statementTimeoutMs = 500;
        const open = (): IDatabaseAdapter =>
          createPostgresDatabase({
            connectionString: pgbouncer().via(database().url),
            poolMax: 2,
            connectionTimeoutMs: 5_000,
            statementTimeoutMs,
          });

        it('is the role default in the database after migrating, never a startup parameter', async () => {
          const db = open();
          try {
            await db.migrations.latest();
          } finally {
            await db.close();
          }
          const rows = await database().query('show statement_timeout');
          expect(rows[0]?.statement_timeout).toBe(`${statementTimeoutMs}ms`);
          // Server connections PgBouncer opened before the default existed are replaced, as its
          // server_lifetime does by itself in a deployment.
          await pgbouncer().reconnect();
        });

        it('cancels a blocked statement outside a transaction on the server (57014), then serves again', async () => {
          const db = open();
          try {
            const failure = await whileProductsLocked(database().url, () =>
              db.products.count().catch((e) => e),
            );
            expect(failure).toBeInstanceOf(AdapterError);
            expect(failure).toMatchObject({ code: 'UNAVAILABLE' });
            expect(sqlState(failure)).toBe('57014');
            await expect(db.products.count()).resolves.toBe(0);
          } finally {
            await db.close();
          }
        });

        it('cancels a blocked statement inside a transaction by SET LOCAL alone (57014), leaving no session setting', async () => {
          // Without the role's default, only the transaction's own SET LOCAL can cancel the statement.
          await database().query(
            `alter role current_user in database "${database().name}" reset statement_timeout`,
          );
          await pgbouncer().reconnect();
          const db = open();
          try {
            const product = await db.products.create({
              sku: 'PGB-1',
              name: 'Pooled',
              description: 'ordered while locked',
              price: 100,
              currency: 'INR',
              stock: 5,
              category: 'pool',
            });
            const user = await db.users.create({
              email: 'pooled@example.com',
              name: 'Pooled',
              passwordHash: 'x',
              role: 'customer',
            });
            const failure = await whileProductsLocked(database().url, () =>
              db.orders
                .create({ userId: user.id, items: [{ productId: product.id, quantity: 1 }], jobs: () => [] })
                .catch((e: unknown) => e),
            );
            expect(failure).toMatchObject({ code: 'UNAVAILABLE' });
            expect(sqlState(failure)).toBe('57014');
            await expect(db.products.count()).resolves.toBe(1);
            // The setting ended with its transaction: the server connections show the server's default.
            const shown = new Client({ connectionString: pgbouncer().via(database().url) });
            await shown.connect();
            try {
              expect((await shown.query('show statement_timeout')).rows[0]?.statement_timeout).toBe('0');
            } finally {
              await shown.end();
            }
          } finally {
            await db.close();
          }
        });
      });
    },
  );
});
