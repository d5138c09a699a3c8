import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { SqlDialectFeatures } from '../dialect-features.js';
import type { TableSpec } from './copy-tables.js';
import { sharedForm, storedForm } from './empty-text.js';

/** A row as the driver returned it. */
export type Row = Record<string, unknown>;

/**
 * The schema as the copy sees it: any table by name, any column. The copy treats every table
 * alike, so the per-table column types of `Database` would add nothing but casts.
 */
export type AnyTables = Record<string, Row>;

/** Number of rows in `table`. */
export async function countRows(db: Kysely<AnyTables>, table: string): Promise<number> {
  const { rows } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('rows'))
    .executeTakeFirstOrThrow();
  return Number(rows);
}

/**
 * Reads every row of the table in primary-key order, `batchSize` at a time; each batch starts
 * after the key of the previous batch's last row (keyset pagination: no OFFSET, no row skipped or
 * read twice while earlier rows change). Rows come in the form shared by every backend (`sharedForm`
 * of the backend's `features`: Oracle's NULL for '' read as '').
 */
export async function* readBatches(
  db: Kysely<AnyTables>,
  features: SqlDialectFeatures,
  spec: TableSpec,
  batchSize: number,
): AsyncGenerator<Row[]> {
  let last: Row | undefined;
  for (;;) {
    let query = db.selectFrom(spec.table).selectAll();
    if (last) query = query.where(afterKey(spec.key, last));
    for (const column of spec.key) query = query.orderBy(column);
    const rows = await query.limit(batchSize).execute();
    if (rows.length > 0) yield sharedForm(features, spec, rows);
    if (rows.length < batchSize) return;
    last = rows[rows.length - 1];
  }
}

/**
 * `(k1, k2, …) > (v1, v2, …)` written out as `k1 > v1 or (k1 = v1 and k2 > v2) or …`: the
 * row-value form is not optimised to an index range on every backend.
 */
function afterKey(key: readonly string[], last: Row) {
  return (eb: ExpressionBuilder<AnyTables, string>) =>
    eb.or(
      key.map((column, index) =>
        eb.and([
          ...key.slice(0, index).map((earlier) => eb(earlier, '=', last[earlier])),
          eb(column, '>', last[column]),
        ]),
      ),
    );
}

/**
 * Writes `rows` to the table, replacing the stored row of the same primary key: re-running a
 * copy updates rows that changed at the source and leaves the others as they are. The dialect
 * family that spells insert-ignore one way spells the upsert the same way; Oracle, with neither,
 * updates by key row by row and inserts the rows it did not find. On MySQL the update
 * applies on a clash with any unique key, not only the primary key; a row that clashed on
 * another key then shows up in the verification as a count mismatch. `rows` are in the shared form
 * (see readBatches) and written in the backend's (`storedForm`: '' as NULL on Oracle).
 */
export async function upsertRows(
  db: Kysely<AnyTables>,
  features: SqlDialectFeatures,
  spec: TableSpec,
  shared: Row[],
): Promise<void> {
  const rows = storedForm(features, spec, shared);
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first).filter((column) => !spec.key.includes(column));
  const insert = db.insertInto(spec.table).values(rows);
  switch (features.insertIgnore) {
    case 'on-conflict-do-nothing':
      await insert
        .onConflict((conflict) =>
          conflict
            .columns(spec.key)
            .doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]))),
        )
        .execute();
      return;
    case 'on-duplicate-key-update':
      // VALUES(col): the value the insert proposed. MySQL 8.0.20 deprecates it in favour of a row
      // alias, which MariaDB does not understand; both still accept VALUES().
      await insert
        .onDuplicateKeyUpdate(Object.fromEntries(columns.map((c) => [c, sql`values(${sql.ref(c)})`])))
        .execute();
      return;
    case 'skip-unique-violation':
      // Oracle: update the row of the key, insert when none was updated (a copy has no concurrent writers).
      for (const row of rows) {
        const changes = Object.fromEntries(columns.map((column) => [column, row[column]]));
        const result = await db
          .updateTable(spec.table)
          .set(changes)
          .where((eb) => eb.and(spec.key.map((column) => eb(column, '=', row[column]))))
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) await db.insertInto(spec.table).values(row).execute();
      }
      return;
  }
}
