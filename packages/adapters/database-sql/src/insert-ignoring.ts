import type { Insertable, Kysely } from 'kysely';
import type { SqlDialectFeatures } from './dialect-features.js';
import type { Database } from './schema.js';

/**
 * Inserts `rows` into `table`, silently skipping each row whose `conflictColumn` value is already
 * stored, without aborting the surrounding transaction. Callers read back by the unique key to
 * learn whether their row won; the affected-row count is not portable.
 */
export async function insertIgnoring<T extends keyof Database & string>(
  db: Kysely<Database>,
  features: SqlDialectFeatures,
  table: T,
  rows: Insertable<Database[T]>[],
  conflictColumn: keyof Database[T] & string,
): Promise<void> {
  if (rows.length === 0) return;
  switch (features.insertIgnore) {
    case 'on-conflict-do-nothing':
      await db
        .insertInto(table)
        .values(rows as never)
        .onConflict((conflict) => conflict.column(conflictColumn as never).doNothing())
        .execute();
      return;
    case 'on-duplicate-key-update':
      // A no-op assignment keeps the stored row. Unlike INSERT IGNORE, it leaves every other error
      // (foreign key, NOT NULL, too long) an error instead of a warning.
      await db
        .insertInto(table)
        .values(rows as never)
        .onDuplicateKeyUpdate((eb) => ({ [conflictColumn]: eb.ref(conflictColumn as never) }) as never)
        .execute();
      return;
    case 'skip-unique-violation':
      // Several rows outside a transaction get one, so that they are written all or none, as the
      // single statement of the other strategies is.
      if (rows.length > 1 && !db.isTransaction) {
        await db.transaction().execute((trx) => insertEach(trx, features, table, rows, conflictColumn));
      } else {
        await insertEach(db, features, table, rows, conflictColumn);
      }
      return;
  }
}

/** One INSERT per row; a unique violation is skipped when a row with the row's conflict value is stored. */
async function insertEach<T extends keyof Database & string>(
  db: Kysely<Database>,
  features: SqlDialectFeatures,
  table: T,
  rows: Insertable<Database[T]>[],
  conflictColumn: keyof Database[T] & string,
): Promise<void> {
  for (const row of rows) {
    try {
      await db
        .insertInto(table)
        .values(row as never)
        .execute();
    } catch (error) {
      // The clash may be on another unique key of the table: then it stays an error.
      if (features.classifyError(error) !== 'unique-violation') throw error;
      if (!(await isStored(db, table, conflictColumn, row[conflictColumn as keyof typeof row]))) throw error;
    }
  }
}

/** Whether a row of `table` holds `value` in `column` (read after a unique violation on it). */
async function isStored(
  db: Kysely<Database>,
  table: keyof Database & string,
  column: string,
  value: unknown,
): Promise<boolean> {
  const found = await db
    .selectFrom(table)
    .select(column as never)
    .where(column as never, '=', value as never)
    .executeTakeFirst();
  return found !== undefined;
}
