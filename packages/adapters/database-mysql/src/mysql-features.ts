import { WRITES_PAUSED_MESSAGE } from '@bharatmart/database-sql';
import type { SqlDialectFeatures, SqlErrorKind } from '@bharatmart/database-sql';

// Server error numbers (errno), the same on MySQL and MariaDB unless noted.
const UNIQUE_VIOLATIONS = new Set([1022, 1062, 1586]); // ER_DUP_KEY, ER_DUP_ENTRY, …_WITH_KEY_NAME
// ER_NO_REFERENCED_ROW(_2): the parent is missing; ER_ROW_IS_REFERENCED(_2): a child still points to it.
const FOREIGN_KEY_VIOLATIONS = new Set([1216, 1217, 1451, 1452]);
// Out of range, incorrect value for a column, data too long, truncated wrong value: the input, not us.
const INVALID_INPUT = new Set([1264, 1366, 1406, 1292]);
// Too many connections, shutting down, per-user connection limit, killed (MariaDB), idle timeout (MySQL 8).
const UNAVAILABLE_ERRNOS = new Set([1040, 1053, 1203, 1927, 4031]);
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
]);
/** ER_LOCK_DEADLOCK: InnoDB rolled the transaction back to break a deadlock. */
const DEADLOCK = 1213;
/** ER_SIGNAL_EXCEPTION: a SIGNAL in a trigger, as a live switch's capture raises it when fenced. */
const SIGNAL_EXCEPTION = 1644;
const UNAVAILABLE_MESSAGES = /pool is closed|closed state|connection lost|driver has already been destroyed/i;

/**
 * Classifies mysql2 errors by server error number, then by Node/mysql2 code, then by mysql2's
 * `fatal` flag (the connection itself failed, handshake errors included), and last by message.
 */
export function classifyMysqlError(error: unknown): SqlErrorKind {
  if (typeof error !== 'object' || error === null) return 'other';
  const { errno, code, fatal, message } = error as {
    errno?: unknown;
    code?: unknown;
    fatal?: unknown;
    message?: unknown;
  };
  if (typeof errno === 'number') {
    if (UNIQUE_VIOLATIONS.has(errno)) return 'unique-violation';
    if (FOREIGN_KEY_VIOLATIONS.has(errno)) return 'foreign-key-violation';
    if (INVALID_INPUT.has(errno)) return 'invalid-input';
    if (UNAVAILABLE_ERRNOS.has(errno)) return 'unavailable';
    if (errno === DEADLOCK) return 'deadlock';
    if (
      errno === SIGNAL_EXCEPTION &&
      typeof message === 'string' &&
      message.startsWith(WRITES_PAUSED_MESSAGE)
    ) {
      return 'writes-paused';
    }
  }
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return 'unavailable';
  if (fatal === true) return 'unavailable';
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message) ? 'unavailable' : 'other';
}

/**
 * Features of MySQL 8 and MariaDB 10.5+ (InnoDB). `mediumtext` (16 MiB) stands in for PostgreSQL's
 * unbounded `text`, whose MySQL namesake stops at 64 KiB. Product search looks terms up in migration
 * 0008's `product_search` FULLTEXT index of the searched text's grams.
 */
export const mysqlFeatures: SqlDialectFeatures = {
  dialect: 'mysql',
  insertIgnore: 'on-duplicate-key-update',
  emptyStringIsNull: false,
  searchIndex: 'gram-fulltext',
  columnTypes: { text: 'mediumtext', bigint: 'bigint' },
  classifyError: classifyMysqlError,
};
