import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * How long one `LOCK TABLE … WAIT` of the switch waits on Oracle. Writers that ask for a lock after
 * it queue behind it, so it never waits long: giving up after a second and trying again lets them
 * through, as the MySQL fence's brief lock waits do (see table-lock.ts).
 */
export const ORACLE_LOCK_WAIT_SECONDS = 1;

/** How often such a lock is tried. */
const LOCK_ATTEMPTS = 20;

/**
 * ORA-00054 (busy, or the WAIT ran out), ORA-30006 (the WAIT ran out) and ORA-00060 (this statement
 * was chosen to break a deadlock; Oracle rolls back the statement only).
 */
const RETRIED = new Set(['ORA-00054', 'ORA-30006', 'ORA-00060']);

/**
 * Oracle only: runs `statements` in one transaction, the first of them a `LOCK TABLE … WAIT`, and
 * commits (which releases the lock); when the lock could not be had in time or lost a deadlock, the
 * transaction is rolled back and tried again, up to 20 times. Returns the last statement's result.
 */
export async function withOracleTableLock<DB>(
  db: Kysely<DB>,
  statements: readonly RawBuilder<unknown>[],
): Promise<bigint | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (tx) => {
        let affected: bigint | undefined;
        for (const statement of statements) affected = (await statement.execute(tx)).numAffectedRows;
        return affected;
      });
    } catch (error) {
      if (!RETRIED.has(oracleCodeOf(error)) || attempt >= LOCK_ATTEMPTS) throw error;
    }
  }
}

/** `lock table <table> in <mode> mode wait 1`. */
export function lockTable(table: string, mode: 'share' | 'exclusive'): RawBuilder<unknown> {
  return sql`lock table ${sql.table(table)} in ${sql.raw(mode)} mode wait ${sql.lit(ORACLE_LOCK_WAIT_SECONDS)}`;
}

/** node-oracledb's `code` (`ORA-nnnnn`) of an error, or ''. */
export function oracleCodeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}
