import { randomUUID } from 'node:crypto';
import type { SqlMigration } from './sql-migration.js';

/**
 * The database's identity (`MigrationRunner.identity`): one row holding a random id, written once
 * when the schema is first migrated. Every connection to this database reads the same id; a
 * failover pair proves with it that both sides reach the same data. Never copied by db:copy: a
 * copy is another database.
 */
export const databaseIdentityMigration: SqlMigration = {
  name: '0004-database-identity',
  async up(db) {
    await db.schema
      .createTable('database_identity')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db
      .insertInto('database_identity')
      .values({ id: randomUUID(), created_at: new Date().toISOString() })
      .execute();
  },
};
