import { sql, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import { AdapterError } from '@bharatmart/core';
import { COPY_TABLES } from '../copy/copy-tables.js';
import type { SqlAccess } from '../copy/sql-access.js';
import type { Database } from '../schema.js';

/** How often a statement that needs table locks is tried (after a deadlock, or after waiting too long). */
const LOCK_ATTEMPTS = 20;

/**
 * How long one attempt waits for MySQL's table (metadata) locks. Writers queue behind a statement
 * waiting for such a lock, and one of them may hold a row that a writer the statement waits for
 * needs: a cycle through table locks and InnoDB's row locks that neither of MySQL's deadlock
 * detectors sees, which would stall writers for InnoDB's lock wait timeout (50 s). Giving up after a
 * second breaks it; the next attempt usually finds no such cycle.
 */
const LOCK_WAIT_SECONDS = 1;

/** MySQL's ER_LOCK_WAIT_TIMEOUT and ER_LOCK_DEADLOCK. */
const RETRIED = new Set([1205, 1213]);

/** MySQL's ER_SPECIFIC_ACCESS_DENIED_ERROR and ER_TABLEACCESS_DENIED_ERROR. */
const ACCESS_DENIED = new Set([1227, 1142]);

/** Runs one statement on the connection `withBriefLockWaits` holds, retrying it as described there. */
export type LockingRun = (statement: RawBuilder<unknown>) => Promise<QueryResult<unknown>>;

/**
 * MySQL only: runs `work` on a connection of its own where every statement given to `run` waits at
 * most a second for table locks and is retried (up to 20 times) when it gave up or lost a deadlock,
 * so statements that need a table to themselves (creating a trigger, locking tables) never hold the
 * shop's writers for long. The connection's lock wait is restored afterwards.
 */
export async function withBriefLockWaits<T>(
  db: Kysely<Database>,
  work: (run: LockingRun, connection: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`set session lock_wait_timeout = ${sql.lit(LOCK_WAIT_SECONDS)}`.execute(connection);
    const run: LockingRun = async (statement) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await statement.execute(connection);
        } catch (error) {
          const errno = errnoOf(error);
          if (errno === undefined || !RETRIED.has(errno) || attempt >= LOCK_ATTEMPTS) throw error;
        }
      }
    };
    try {
      return await work(run, connection);
    } finally {
      await sql`set session lock_wait_timeout = default`.execute(connection);
    }
  });
}

/**
 * MySQL only: runs `work` while the schema's tables are read-locked for the whole server
 * (`FLUSH TABLES … WITH READ LOCK`). Taking the lock waits for every transaction that wrote to these
 * tables to end, and from then until `work` ends no transaction can write to them: new writers wait,
 * and one that already wrote a table and waits for another is rolled back as a deadlock (the adapter
 * retries it, and the retry waits). Reads go on. The lock dies with its connection, so a switch killed
 * while holding it lets writes flow again at once.
 *
 * This is the MySQL fence's first step: a table lock orders the fence before every writer without
 * any row lock, where MySQL's row-level fence check (it has no deferred triggers) alone would let
 * writers queue behind the fence while holding rows other writers wait for.
 */
export async function withTablesReadLocked<T>(
  access: SqlAccess,
  sourceName: string,
  work: () => Promise<T>,
): Promise<T> {
  return withBriefLockWaits(access.db, async (run, connection) => {
    try {
      await run(
        sql`flush tables ${sql.join(COPY_TABLES.map((spec) => sql.table(spec.table)))} with read lock`,
      );
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      throw new AdapterError(
        sourceName,
        'MISCONFIGURED',
        'a live switch from MySQL needs the RELOAD and LOCK TABLES privileges for the fence; grant them to the source database user',
        { cause: error },
      );
    }
    try {
      return await work();
    } finally {
      await sql`unlock tables`.execute(connection);
    }
  });
}

/**
 * Takes and releases the fence's table lock at once, so a source user without the privileges it
 * needs is refused before the switch copies anything.
 */
export async function checkTableLockPrivileges(access: SqlAccess, sourceName: string): Promise<void> {
  await withTablesReadLocked(access, sourceName, async () => undefined);
}

function isAccessDenied(error: unknown): boolean {
  const errno = errnoOf(error);
  return errno !== undefined && ACCESS_DENIED.has(errno);
}

function errnoOf(error: unknown): number | undefined {
  const errno =
    typeof error === 'object' && error !== null ? (error as { errno?: unknown }).errno : undefined;
  return typeof errno === 'number' ? errno : undefined;
}
