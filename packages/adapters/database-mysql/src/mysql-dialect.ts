import {
  CompiledQuery,
  MysqlAdapter,
  MysqlDialect,
  sql,
  type DialectAdapter,
  type Kysely,
  type MysqlPool,
} from 'kysely';

/** How long a starter waits for another one's migrations before giving up. */
const MIGRATION_LOCK_TIMEOUT_SECONDS = 300;

// GET_LOCK is server-wide and its names are limited to 64 characters: one lock per database, so
// applications in other databases of the same server never wait for ours.
const MIGRATION_LOCK_NAME = sql`left(concat('bharatmart_migrations:', database()), 64)`;

// Set on every new connection. sql_mode is replaced, not extended: strict (an over-long value fails
// as on PostgreSQL instead of being truncated), and without NO_BACKSLASH_ESCAPES or ANSI_QUOTES,
// which would change how mysql2 escapes parameters and how Kysely quotes identifiers. READ COMMITTED
// is PostgreSQL's default and takes no gap locks, so concurrent inserts do not deadlock on them.
const SESSION_SETUP = [
  `set session sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'`,
  'set session transaction isolation level read committed',
];

/**
 * Kysely's MySQL adapter with a migration lock that is per database and checked: Kysely's own
 * takes one server-wide name shared by every Kysely application and carries on when GET_LOCK
 * times out. Kysely takes the lock on the connection that runs the migrations, so the server
 * also releases it when that session dies.
 */
class MigrationLockingMysqlAdapter extends MysqlAdapter {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature Kysely's adapter declares
  override async acquireMigrationLock(db: Kysely<any>): Promise<void> {
    const timeout = sql.lit(MIGRATION_LOCK_TIMEOUT_SECONDS);
    const { rows } = await sql<{ acquired: number | string | null }>`
      select get_lock(${MIGRATION_LOCK_NAME}, ${timeout}) as acquired`.execute(db);
    if (Number(rows[0]?.acquired) !== 1) {
      throw new Error(
        `another process held the migration lock for more than ${MIGRATION_LOCK_TIMEOUT_SECONDS} s`,
      );
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature Kysely's adapter declares
  override async releaseMigrationLock(db: Kysely<any>): Promise<void> {
    await sql`select release_lock(${MIGRATION_LOCK_NAME})`.execute(db);
  }
}

class BharatmartMysqlDialect extends MysqlDialect {
  override createAdapter(): DialectAdapter {
    return new MigrationLockingMysqlAdapter();
  }
}

/**
 * Kysely's MySQL dialect over `pool`, with the session settings the shared SQL implementation
 * relies on and a per-database migration lock.
 */
export function createMysqlDialect(pool: MysqlPool): MysqlDialect {
  return new BharatmartMysqlDialect({
    pool,
    onCreateConnection: async (connection) => {
      for (const statement of SESSION_SETUP) await connection.executeQuery(CompiledQuery.raw(statement));
    },
  });
}
