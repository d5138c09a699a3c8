import type { ExpressionBuilder } from 'kysely';
import type { TableSpec } from '../copy/copy-tables.js';
import { sharedForm } from '../copy/empty-text.js';
import { anyTables, type SqlAccess } from '../copy/sql-access.js';
import type { AnyTables, Row } from '../copy/table-rows.js';

/**
 * How many keys one lookup by key names at most (`where (k = …) or …`): an OR of equalities, not an
 * IN list, so Oracle's cap of 1000 values per IN list does not apply; at two binds per key (the
 * widest key) a lookup stays far below every backend's bind limit (65535 on PostgreSQL and Oracle).
 */
export const KEYS_PER_QUERY = 200;

/** Rows named by primary key, per table: the key's text (see keyText) → the key's values. */
export type KeySet = Map<string, Map<string, unknown[]>>;

/** Adds `key` of `table` to `keys`. */
export function addKey(keys: KeySet, table: string, key: unknown[]): void {
  const ofTable = keys.get(table) ?? new Map<string, unknown[]>();
  ofTable.set(keyValuesText(key), key);
  keys.set(table, ofTable);
}

/**
 * The rows of `keys` (at most KEYS_PER_QUERY) that `access` holds, in the form shared by every
 * backend (see `sharedForm`), in no particular order.
 */
export async function readByKeys(access: SqlAccess, spec: TableSpec, keys: unknown[][]): Promise<Row[]> {
  const rows = await anyTables(access).selectFrom(spec.table).selectAll().where(byKeys(spec, keys)).execute();
  return sharedForm(access.features, spec, rows);
}

/** `(k1 = v1 and k2 = v2) or …` for each key of `keys`. */
export function byKeys(spec: TableSpec, keys: unknown[][]) {
  return (eb: ExpressionBuilder<AnyTables, string>) =>
    eb.or(keys.map((key) => eb.and(spec.key.map((column, index) => eb(column, '=', key[index])))));
}

/** A row's primary key as comparable text: every value as a string, whatever type the driver gave. */
export function keyText(spec: TableSpec, row: Row): string {
  return keyValuesText(keyOf(spec, row));
}

/** Key values as the same comparable text as keyText gives for their row. */
export function keyValuesText(key: readonly unknown[]): string {
  return JSON.stringify(key.map(String));
}

/** A row's primary key values. */
export function keyOf(spec: TableSpec, row: Row): unknown[] {
  return spec.key.map((column) => row[column]);
}
