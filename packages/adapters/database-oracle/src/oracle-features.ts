import {
  WRITES_PAUSED_MESSAGE,
  WRITES_PAUSED_ORACLE_ERROR,
  type SqlDialectFeatures,
  type SqlErrorKind,
} from '@bharatmart/database-sql';

const UNIQUE_VIOLATIONS = new Set(['ORA-00001']);
// ORA-02291: the parent key is missing; ORA-02292: a child row still refers to it.
const FOREIGN_KEY_VIOLATIONS = new Set(['ORA-02291', 'ORA-02292']);
// NULL (or '', which Oracle stores as NULL) into a NOT NULL column, a value too long, not a
// number, a number beyond the column's precision: the input, not us.
const INVALID_INPUT = new Set(['ORA-01400', 'ORA-01407', 'ORA-12899', 'ORA-01401', 'ORA-01722', 'ORA-01438']);
const UNAVAILABLE_ORA = new Set([
  'ORA-00018', // maximum number of sessions exceeded
  'ORA-00020', // maximum number of processes exceeded
  'ORA-00028', // your session has been killed
  'ORA-01012', // not logged on
  'ORA-01033', // initialization or shutdown in progress
  'ORA-01034', // Oracle not available
  'ORA-01089', // immediate shutdown in progress
  'ORA-01090', // shutdown in progress
  'ORA-02396', // exceeded maximum idle time
  'ORA-03113', // end-of-file on communication channel
  'ORA-03114', // not connected
  'ORA-03135', // connection lost contact
  'ORA-12170', // connect timeout
  'ORA-12514', // listener does not know the service
  'ORA-12516', // no handler available
  'ORA-12520', // no handler for the server type
  'ORA-12528', // the instance blocks new connections
  'ORA-12537', // connection closed
  'ORA-12541', // no listener
  'ORA-12543', // destination host unreachable
  'ORA-12547', // lost contact
]);
// node-oracledb's own: 002/003 closed pool/connection, 040 pool queue timeout, 064/065 pool closing
// or closed, 076 pool queue full, 123 call timeout (DATABASE_STATEMENT_TIMEOUT_MS). NJS-5xx are
// network and connect failures, except a refused server certificate (506–508) and a bad connect
// string, TNS alias, configuration directory or wallet (512, 514–517, 520, 529): retrying will not
// mend those, so they surface as they are.
const UNAVAILABLE_NJS = new Set([
  'NJS-002',
  'NJS-003',
  'NJS-040',
  'NJS-064',
  'NJS-065',
  'NJS-076',
  'NJS-123',
]);
const MISCONFIGURATION_NJS = new Set([
  'NJS-506',
  'NJS-507',
  'NJS-508',
  'NJS-512',
  'NJS-514',
  'NJS-515',
  'NJS-516',
  'NJS-517',
  'NJS-520',
  'NJS-529',
]);
const UNAVAILABLE_MESSAGES = /driver has already been destroyed|the Oracle pool is not open/i;
/** What a live switch's capture trigger raises while the fence (or the flip) holds writes. */
const WRITES_PAUSED_CODE = `ORA-${WRITES_PAUSED_ORACLE_ERROR}`;

/**
 * Classifies node-oracledb errors (thin mode) by their `code`: `ORA-nnnnn` from the database,
 * `NJS-nnn` from the driver (which reports a lost connection, ORA-03113 among others, as NJS-500).
 * ORA-20001 is `writes-paused` only with the switch's message (`ORA-20001: <message>`, followed by
 * the trigger's ORA-06512 and ORA-04088 lines); any other application error stays `other`.
 */
export function classifyOracleError(error: unknown): SqlErrorKind {
  if (typeof error !== 'object' || error === null) return 'other';
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (UNIQUE_VIOLATIONS.has(code)) return 'unique-violation';
    if (FOREIGN_KEY_VIOLATIONS.has(code)) return 'foreign-key-violation';
    if (INVALID_INPUT.has(code)) return 'invalid-input';
    if (code === 'ORA-00060') return 'deadlock';
    if (code === WRITES_PAUSED_CODE) {
      return typeof message === 'string' && message.includes(WRITES_PAUSED_MESSAGE)
        ? 'writes-paused'
        : 'other';
    }
    if (UNAVAILABLE_ORA.has(code) || UNAVAILABLE_NJS.has(code)) return 'unavailable';
    if (/^NJS-5\d\d$/.test(code) && !MISCONFIGURATION_NJS.has(code)) return 'unavailable';
  }
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message) ? 'unavailable' : 'other';
}

/**
 * Features of Oracle Database 19c and later (Autonomous included): `clob` for long text, `number(19)`
 * for money, no ON CONFLICT (rows are inserted one by one and duplicates skipped), and '' stored as NULL.
 * Product search looks terms up in migration 0009's Oracle Text index of the searched text's grams.
 */
export const oracleFeatures: SqlDialectFeatures = {
  dialect: 'oracle',
  insertIgnore: 'skip-unique-violation',
  emptyStringIsNull: true,
  searchIndex: 'gram-oracle-text',
  columnTypes: { text: 'clob', bigint: 'number(19)' },
  classifyError: classifyOracleError,
};
