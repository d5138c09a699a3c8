import type { Insertable, Kysely } from 'kysely';
import type { SqlDialectFeatures } from './dialect-features.js';
import type { Database } from './schema.js';
import type { SqlContext } from './sql-context.js';

/**
 * Inserts `rows` into `table`, silently skipping each row whose `conflictColumn` value is already
 * stored, without aborting the surrounding transaction. Callers read back by the unique key to
 * learn whether their row won; the affected-row count is not portable. Runs through `db` (pass
 * the transaction the rows belong to).
 */
export async function insertIgnoring<T extends keyof Database & string>(
  ctx: SqlContext,
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
  conflictColumn: keyof Database[T] & string,
): Promise<void> {
  if (rows.length === 0) return;
  const { features, statements } = ctx;
  const shape = `insert-ignoring ${table} on ${conflictColumn}`;
  switch (features.insertIgnore) {
    case 'on-conflict-do-nothing':
      await db.executeQuery(
        statements.bindRows(shape, rows, (bound) =>
          db
            .insertInto(table)
            .values(bound as never)
            .onConflict((conflict) => conflict.column(conflictColumn as never).doNothing()),
        ),
      );
      return;
    case 'on-duplicate-key-update':
      // A no-op assignment keeps the stored row. Unlike INSERT IGNORE, it leaves every other error
      // (foreign key, NOT NULL, too long) an error instead of a warning.
      await db.executeQuery(
        statements.bindRows(shape, rows, (bound) =>
          db
            .insertInto(table)
            .values(bound as never)
            .onDuplicateKeyUpdate((eb) => ({ [conflictColumn]: eb.ref(conflictColumn as never) }) as never),
        ),
      );
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
