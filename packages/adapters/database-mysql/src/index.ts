export {
  createMysqlDatabase,
  type MysqlDatabaseOptions,
  type MysqlTarget,
} from './mysql-database-adapter.js';
export { classifyMysqlError, mysqlFeatures } from './mysql-features.js';
