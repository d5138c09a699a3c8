export { createSqlDatabase, type SqlDatabaseOptions } from './sql-database.js';
export {
  classifyPostgresError,
  postgresFeatures,
  type SqlDialectFeatures,
  type SqlErrorKind,
} from './dialect-features.js';
export { sqlMigrations, type SqlMigration } from './migrations/index.js';
export { createMigrationRunner, MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from './migration-runner.js';
export type * from './schema.js';
