import type { ExpressionBuilder } from 'kysely';
import type { TableSpec } from '../copy/copy-tables.js';
import type { AnyTables, Row } from '../copy/table-rows.js';

/** Rows named by primary key, per table: the key's text (see keyText) → the key's values. */
export type KeySet = Map<string, Map<string, unknown[]>>;

/** Adds `key` of `table` to `keys`. */
export function addKey(keys: KeySet, table: string, key: unknown[]): void {
  const ofTable = keys.get(table) ?? new Map<string, unknown[]>();
  ofTable.set(JSON.stringify(key.map(String)), key);
  keys.set(table, ofTable);
}

/** `(k1 = v1 and k2 = v2) or …` for each key of `keys`. */
export function byKeys(spec: TableSpec, keys: unknown[][]) {
  return (eb: ExpressionBuilder<AnyTables, string>) =>
    eb.or(keys.map((key) => eb.and(spec.key.map((column, index) => eb(column, '=', key[index])))));
}

/** A row's primary key as comparable text: every value as a string, whatever type the driver gave. */
export function keyText(spec: TableSpec, row: Row): string {
  return JSON.stringify(spec.key.map((column) => String(row[column])));
}

/** A row's primary key values. */
export function keyOf(spec: TableSpec, row: Row): unknown[] {
  return spec.key.map((column) => row[column]);
}
