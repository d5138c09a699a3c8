import {
  CompiledQuery,
  PostgresAdapter,
  PostgresDialect,
  PostgresDriver,
  sql,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type PostgresDialectConfig,
  type TransactionSettings,
} from 'kysely';
import type { Database } from '../schema.js';

/**
 * The key of the advisory lock that serialises migration runs on one database: Kysely's own, so a
 * process still taking Kysely's session lock (an older release during a rolling deploy) and one taking
 * this transaction-scoped lock exclude each other.
 */
export const MIGRATION_LOCK_KEY = '3853314791062309107';

/** Options of `createPostgresDialect`: Kysely's PostgreSQL configuration and the statement bound. */
export interface PoolerSafePostgresOptions extends PostgresDialectConfig {
  /**
   * Milliseconds one statement may run; every transaction starts with `SET LOCAL statement_timeout`
   * in the same round trip as its `BEGIN`. A whole number ≥ 1.
   */
  statementTimeoutMs: number;
}

/**
 * Kysely's PostgreSQL migration adapter with a transaction-scoped lock: `pg_advisory_xact_lock`,
 * released by the server at COMMIT or ROLLBACK, so a transaction-mode pooler (PgBouncer, Supabase's
 * port 6543), which may hand each statement outside a transaction to another server connection, can
 * neither split the lock from its unlock nor leave it held after a failed migration. It refuses to
 * run outside a transaction, where such a lock would be released at once.
 */
class TransactionLockAdapter extends PostgresAdapter {
  override async acquireMigrationLock(
    db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- as Kysely declares it
  ): Promise<void> {
    if (!db.isTransaction) throw new Error('the PostgreSQL migration lock needs a transaction');
    await sql`select pg_advisory_xact_lock(${sql.raw(MIGRATION_LOCK_KEY)})`.execute(db);
  }

  override async releaseMigrationLock(): Promise<void> {
    // Released by the server when the migration transaction ends.
  }
}

/** Kysely's PostgreSQL driver whose `BEGIN` also sets the transaction's statement timeout. */
class TimedTransactionDriver extends PostgresDriver {
  readonly #setLocal: string;

  constructor(config: PostgresDialectConfig, statementTimeoutMs: number) {
    super(config);
    this.#setLocal = `set local statement_timeout = ${statementTimeoutMs}`;
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    let begin = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      begin = 'start transaction';
      if (settings.isolationLevel) begin += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) begin += ` ${settings.accessMode}`;
    }
    // No parameters: `pg` sends it as one simple query, so both statements cost one round trip.
    await connection.executeQuery(CompiledQuery.raw(`${begin}; ${this.#setLocal}`));
  }
}

/**
 * A Kysely PostgreSQL dialect that keeps no state in the session, so it works the same directly and
 * through a transaction-mode pooler with its default `ignore_startup_parameters`: no startup
 * parameters but `application_name` (which poolers track), each transaction bounded by `SET LOCAL
 * statement_timeout`, and migrations locked by a transaction-scoped advisory lock (run them with
 * `createMigrationRunner`, which opens that transaction). Statements outside a transaction are bounded
 * by the role's default, which `applyRoleStatementTimeout` sets when migrations run.
 */
export function createPostgresDialect(options: PoolerSafePostgresOptions): PostgresDialect {
  const { statementTimeoutMs, ...config } = options;
  if (!Number.isSafeInteger(statementTimeoutMs) || statementTimeoutMs < 1)
    throw new RangeError(`statementTimeoutMs must be a whole number ≥ 1, got ${statementTimeoutMs}`);
  return new (class extends PostgresDialect {
    override createAdapter(): DialectAdapter {
      return new TransactionLockAdapter();
    }
    override createDriver(): Driver {
      return new TimedTransactionDriver(config, statementTimeoutMs);
    }
  })(config);
}

/**
 * Makes `statementTimeoutMs` the default `statement_timeout` of the connected role in the connected
 * database (`ALTER ROLE … IN DATABASE … SET`), so statements outside a transaction are bounded on
 * every server connection a pooler opens, without a startup parameter or a session `SET`. Needs no
 * privilege beyond the role's own (a role may set its own defaults); applies to sessions opened after.
 */
export async function applyRoleStatementTimeout(
  db: Kysely<Database>,
  statementTimeoutMs: number,
): Promise<void> {
  await sql`do $$ begin
    execute format('alter role %I in database %I set statement_timeout = %L',
                   current_user, current_database(), ${sql.lit(`${statementTimeoutMs}ms`)});
  end $$`.execute(db);
}
