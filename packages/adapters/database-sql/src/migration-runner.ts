import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';
import type { MigrationRunner, MigrationStatus } from '@bharatmart/core';
import type { SqlDialectFeatures } from './dialect-features.js';
import type { SqlMigration } from './migrations/index.js';
import type { Database, DatabaseIdentityTable } from './schema.js';

/** The table recording applied migrations, and the one Kysely's migrator locks. */
export const MIGRATION_TABLE = 'bharatmart_migrations';
export const MIGRATION_LOCK_TABLE = 'bharatmart_migrations_lock';

/** Carries a failed run's outcome out of its transaction, so the transaction rolls back. */
class MigrationFailure extends Error {
  constructor(readonly outcome: MigrationResultSet) {
    super('migrations failed');
  }
}

/**
 * A MigrationRunner over Kysely's Migrator: `latest()` applies pending `migrations` in name order
 * and returns the names it applied; it throws the failure otherwise. With `features.lockMigrations`
 * (PostgreSQL), all of it runs in one transaction that first takes that transaction-scoped lock, so
 * concurrent runners — also through a transaction-mode pooler — apply each migration once; otherwise
 * under Kysely's migration lock of the dialect.
 */
export function createMigrationRunner(
  db: Kysely<Database>,
  features: SqlDialectFeatures,
  migrations: readonly SqlMigration[],
): MigrationRunner {
  const provider: MigrationProvider = {
    async getMigrations() {
      const byName: Record<string, Migration> = {};
      for (const migration of migrations)
        byName[migration.name] = { up: (trx) => migration.up(trx, features) };
      return byName;
    },
  };
  const migratorOn = (on: Kysely<Database>) =>
    new Migrator({
      db: on,
      provider,
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
    });
  const migrator = migratorOn(db);
  const { lockMigrations } = features;
  // With a transaction-scoped lock, the lock comes first, so even creating the migration tables is
  // serialised; Kysely sees a transaction and runs everything in it.
  const migrateToLatest = lockMigrations
    ? () =>
        db.transaction().execute(async (trx) => {
          await lockMigrations(trx);
          const outcome = await migratorOn(trx).migrateToLatest();
          if (outcome.error !== undefined) throw new MigrationFailure(outcome);
          return outcome;
        })
    : () => migrator.migrateToLatest();

  return {
    async latest() {
      const { error, results = [] } = await migrateToLatest().catch((failure: unknown) => {
        if (failure instanceof MigrationFailure) return failure.outcome;
        throw failure;
      });
      if (error !== undefined) {
        const failed = results.find((result) => result.status === 'Error')?.migrationName;
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(failed ? `migration ${failed} failed: ${message}` : `migrations failed: ${message}`, {
          cause: error,
        });
      }
      return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
    },
    async identity() {
      const row = await db
        .withTables<{ database_identity: DatabaseIdentityTable }>()
        .selectFrom('database_identity')
        .select('id')
        .executeTakeFirst();
      if (!row) throw new Error('the database has no identity row; apply the migrations first');
      return row.id;
    },
    async status(): Promise<MigrationStatus[]> {
      const infos = await migrator.getMigrations();
      return infos.map((info) =>
        info.executedAt ? { name: info.name, appliedAt: info.executedAt.toISOString() } : { name: info.name },
      );
    },
  };
}
