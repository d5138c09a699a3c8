export {
  createPostgresDatabase,
  type PostgresConnectionOptions,
  type PostgresDatabaseOptions,
  type PostgresPoolOptions,
} from './postgres-database-adapter.js';
