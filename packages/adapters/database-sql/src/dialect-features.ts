import { sql, type Transaction } from 'kysely';
import { MIGRATION_LOCK_KEY } from './postgres/pooler-safe-dialect.js';
import type { Database } from './schema.js';
import { WRITES_PAUSED_SQLSTATE } from './switch/writes-paused.js';

/**
 * What a driver error means for the caller, whatever the backend's own codes are. `invalid-input`:
 * the database refused a value it cannot store (a NUL byte in text, a number out of range) — the
 * client's input, not our bug. `writes-paused`: a live switch's fence refused the write (see
 * `switchDatabase`). `deadlock`: the database rolled the transaction back to break a cycle of lock
 * waits; running it again is safe.
 */
export type SqlErrorKind =
  | 'unique-violation'
  | 'foreign-key-violation'
  | 'invalid-input'
  | 'unavailable'
  | 'writes-paused'
  | 'deadlock'
  | 'other';

/**
 * Everything that differs between the SQL backends, as data and small functions. The repositories
 * use portable SQL (no RETURNING, no ILIKE, no row locks: conditional UPDATEs and `lower(x) like`)
 * and consult this object only where no portable form exists.
 */
export interface SqlDialectFeatures {
  /** Short name of the SQL dialect, e.g. `postgres`. */
  readonly dialect: string;
  /**
   * How to insert a row unless a unique key already holds it, without aborting the surrounding
   * transaction. `on-conflict-do-nothing`: PostgreSQL and SQLite `ON CONFLICT (col) DO NOTHING`.
   * `on-duplicate-key-update`: MySQL/MariaDB `ON DUPLICATE KEY UPDATE col = col`, which skips a
   * clash on any unique key of the table, not only on `col`. `skip-unique-violation`: Oracle, which
   * has neither; one plain INSERT per row, and a row refused as a unique violation is skipped when a
   * row with its `col` value is stored. Only for backends where a failed statement leaves the
   * transaction usable (Oracle rolls back the statement, not the transaction; PostgreSQL would abort).
   */
  readonly insertIgnore: 'on-conflict-do-nothing' | 'on-duplicate-key-update' | 'skip-unique-violation';
  /**
   * True when the backend stores an empty string as NULL (Oracle). Columns whose text may be empty
   * are then created nullable, and the row mappers read NULL back as `''`.
   */
  readonly emptyStringIsNull: boolean;
  /**
   * How product search (`lower(col) like '%term%'`) finds its rows; the LIKE checks every row found.
   * `trigram`: GIN indexes of pg_trgm on `lower(name)`, `lower(description)` and `lower(sku)` for
   * terms of three or more characters, and migration 0008's GIN index of characters and pairs for
   * shorter ones (PostgreSQL, PGlite, Supabase). `gram-fulltext`: migration 0008's `product_search`
   * table, the text's characters, pairs and triples as words under an InnoDB FULLTEXT index (MySQL,
   * MariaDB), for all but broad terms, which read every row (`broadTerm`). `gram-oracle-text`: the
   * same words in migration 0009's `product_search` under an Oracle Text CONTEXT index (Oracle), broad
   * terms read alike.
   */
  readonly searchIndex: 'trigram' | 'gram-fulltext' | 'gram-oracle-text';
  /** Column types that have no portable spelling. */
  readonly columnTypes: {
    /** Unbounded text (JSON, email bodies): `text` on PostgreSQL, `mediumtext` on MySQL, `clob` on Oracle. */
    readonly text: string;
    /** 64-bit integer (money): `bigint`, or `number(19)` on Oracle. */
    readonly bigint: string;
  };
  /** Classifies an error thrown by the driver. Never throws. */
  classifyError(error: unknown): SqlErrorKind;
  /**
   * Backends with transactional DDL: takes a lock held until the end of `trx`, serialising migration
   * runs. The runner then applies all pending migrations in that one transaction and keeps no lock in
   * the session, which a transaction-mode pooler would break. Absent: Kysely's own migration lock.
   */
  lockMigrations?(trx: Transaction<Database>): Promise<void>;
}

// Shutdowns, too many connections, and 57014: a statement cancelled by the `statement_timeout` an
// adapter sets to bound how long a call may wait.
const POSTGRES_UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const UNAVAILABLE_MESSAGES =
  /connection terminated|connection (?:is )?closed|not queryable|timeout exceeded when trying to connect|query read timeout|PGlite is closed|driver has already been destroyed/i;

/** Classifies node-pg and PGlite errors by SQLSTATE, Node network code and, last, message. */
export function classifyPostgresError(error: unknown): SqlErrorKind {
  if (typeof error !== 'object' || error === null) return 'other';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === '23505') return 'unique-violation';
    if (code === WRITES_PAUSED_SQLSTATE) return 'writes-paused';
    if (code === '40P01') return 'deadlock';
    if (code === '23503') return 'foreign-key-violation';
    if (code.startsWith('22')) return 'invalid-input';
    if (code.startsWith('08') || POSTGRES_UNAVAILABLE_SQLSTATES.has(code) || NETWORK_ERROR_CODES.has(code)) {
      return 'unavailable';
    }
  }
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message) ? 'unavailable' : 'other';
}

/** Features of PostgreSQL and everything that speaks it: PGlite, Supabase's database. */
export const postgresFeatures: SqlDialectFeatures = {
  dialect: 'postgres',
  insertIgnore: 'on-conflict-do-nothing',
  emptyStringIsNull: false,
  searchIndex: 'trigram',
  columnTypes: { text: 'text', bigint: 'bigint' },
  classifyError: classifyPostgresError,
  async lockMigrations(trx) {
    await sql`select pg_advisory_xact_lock(${sql.raw(MIGRATION_LOCK_KEY)})`.execute(trx);
  },
};
