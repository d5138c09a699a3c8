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
  }
}
