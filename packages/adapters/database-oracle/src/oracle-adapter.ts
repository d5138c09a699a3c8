import { DialectAdapterBase, sql, type Kysely, type MigrationLockOptions } from 'kysely';
import type { OracleSession } from './oracle-session.js';

/** How long a starter waits for another one's migrations before giving up. */
export const MIGRATION_LOCK_WAIT_SECONDS = 300;

/**
 * What Oracle can do, for Kysely: no RETURNING, no `create … if not exists` before 23ai, and DDL
 * that commits on its own (so migrations are not transactional).
 *
 * The migration lock is a row lock on Kysely's lock row (`select … for update wait 300`), taken by
 * a session of its own that holds it until the migrations finished: a lock taken by the migrating
 * session would be released by the commit every DDL statement makes. DBMS_LOCK is not used, as it
 * needs a grant few schemas have. The database releases the row lock if the process dies.
 */
export class OracleAdapter extends DialectAdapterBase {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- keyed by the Kysely instance Kysely's migrator passes
  readonly #held = new Map<Kysely<any>, OracleSession>();

  /** `openLockSession` opens a session outside the pool, so migrating never waits for a free one. */
  constructor(private readonly openLockSession: () => Promise<OracleSession>) {
    super();
  }

  override get supportsCreateIfNotExists(): boolean {
    return false;
  }

  override get supportsTransactionalDdl(): boolean {
    return false;
  }

  override get supportsReturning(): boolean {
    return false;
  }

  /** Waits up to MIGRATION_LOCK_WAIT_SECONDS for the lock row; fails naming the wait if it stays taken. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature Kysely's adapter declares
  override async acquireMigrationLock(db: Kysely<any>, options: MigrationLockOptions): Promise<void> {
    const table = options.lockTableSchema
      ? sql.id(options.lockTableSchema, options.lockTable)
      : sql.id(options.lockTable);
    const lock =
      sql`select ${sql.ref('id')} from ${table} where ${sql.ref('id')} = ${options.lockRowId} for update wait ${sql.lit(MIGRATION_LOCK_WAIT_SECONDS)}`.compile(
        db,
      );
    const session = await this.openLockSession();
    try {
      await session.execute(lock.sql, lock.parameters, false);
    } catch (error) {
      await session.close();
      if ((error as { code?: unknown }).code === 'ORA-30006') {
        const message = `another process held the migration lock for more than ${MIGRATION_LOCK_WAIT_SECONDS} s`;
        throw new Error(message, { cause: error });
      }
      throw error;
    }
    this.#held.set(db, session);
  }

  /** Releases the lock row (ends the lock session's transaction) and closes that session. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature Kysely's adapter declares
  override async releaseMigrationLock(db: Kysely<any>): Promise<void> {
    const session = this.#held.get(db);
    if (!session) return;
    this.#held.delete(db);
    try {
      await session.rollback();
    } finally {
      await session.close();
    }
  }
}
