import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { MigrationRunner, MigrationStatus } from '@bharatmart/core';
import type { SqlDialectFeatures } from './dialect-features.js';
import type { SqlMigration } from './migrations/index.js';
import type { Database, DatabaseIdentityTable } from './schema.js';

/** The table recording applied migrations, and the one Kysely's migrator locks. */
export const MIGRATION_TABLE = 'bharatmart_migrations';
export const MIGRATION_LOCK_TABLE = 'bharatmart_migrations_lock';

/**
 * A MigrationRunner over Kysely's Migrator: `latest()` applies pending `migrations` in name order
 * under the dialect's migration lock (an advisory lock on PostgreSQL), in one transaction where the
 * dialect has transactional DDL, and returns the names it applied; it throws the failure otherwise.
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
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });

  return {
    async latest() {
      const { error, results = [] } = await migrator.migrateToLatest();
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
