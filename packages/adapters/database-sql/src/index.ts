export { createSqlDatabase, type SqlDatabaseOptions } from './sql-database.js';
export {
  classifyPostgresError,
  postgresFeatures,
  type SqlDialectFeatures,
  type SqlErrorKind,
} from './dialect-features.js';
export {
  applyRoleStatementTimeout,
  createPostgresDialect,
  type PoolerSafePostgresOptions,
} from './postgres/pooler-safe-dialect.js';
export { sqlMigrations, type SqlMigration } from './migrations/index.js';
export { createMigrationRunner, MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from './migration-runner.js';
export type * from './schema.js';
export {
  toEmail,
  toInvoice,
  productPatchColumns,
  toOrder,
  toOrderItem,
  toOutboxEntry,
  toPayment,
  toProduct,
  toSavedAddress,
  toUser,
  toUserWithCredentials,
  type CustomerAddressRow,
  type EmailRow,
  type InvoiceRow,
  type OrderItemRow,
  type OrderRow,
  type OutboxRow,
  type PaymentRow,
  type ProductRow,
  type UserRow,
} from './row-mappers.js';
export {
  copyDatabase,
  verifyCopy,
  type CopyDatabaseOptions,
  type CopyProgress,
  type CopyReport,
  type TableComparison,
  type VerifyCopyOptions,
} from './copy/copy-database.js';
export { COPY_TABLES, type TableName, type TableSpec } from './copy/copy-tables.js';
export { hasSqlAccess, type SqlAccess, type SqlAccessible } from './copy/sql-access.js';
export {
  abortSwitch,
  switchDatabase,
  type SwitchDatabaseOptions,
  type SwitchEvent,
  type SwitchPhaseName,
  type SwitchReport,
} from './switch/switch-database.js';
export { readSwitchRecord, type SwitchRecord } from './switch/switch-state.js';
export type { SwitchTableCheck } from './switch/verify-switch.js';
export { switchFamily, type SwitchFamily, type SwitchPhase } from './switch/switch-tables.js';
export {
  WRITES_PAUSED_MESSAGE,
  WRITES_PAUSED_ORACLE_ERROR,
  WRITES_PAUSED_SQLSTATE,
} from './switch/writes-paused.js';
