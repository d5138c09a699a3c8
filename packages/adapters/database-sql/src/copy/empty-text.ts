import type { SqlDialectFeatures } from '../dialect-features.js';
import type { TableSpec } from './copy-tables.js';
import type { Row } from './table-rows.js';

/**
 * Rows as read from a backend, put in the form every other backend reads them in: where the backend
 * stores '' as NULL (Oracle), NULL in a column that may hold '' (`TableSpec.emptyText`) becomes `''`.
 * Such a column is NOT NULL on every other backend, so NULL there can only have been ''. Rows of
 * other backends and tables are returned as they are.
 */
export function sharedForm(features: SqlDialectFeatures, spec: TableSpec, rows: Row[]): Row[] {
  if (!features.emptyStringIsNull || spec.emptyText.length === 0) return rows;
  return rows.map((row) => replaceIn(row, spec.emptyText, null, ''));
}

/**
 * Rows in the shared form (see sharedForm), put in the form the backend stores: where it stores ''
 * as NULL (Oracle), `''` in a column that may hold '' is written as NULL — what Oracle would store
 * anyway, said by the bind instead of left to the server. Other rows are returned as they are.
 */
export function storedForm(features: SqlDialectFeatures, spec: TableSpec, rows: Row[]): Row[] {
  if (!features.emptyStringIsNull || spec.emptyText.length === 0) return rows;
  return rows.map((row) => replaceIn(row, spec.emptyText, '', null));
}

function replaceIn(row: Row, columns: readonly string[], from: '' | null, to: '' | null): Row {
  if (!columns.some((column) => row[column] === from)) return row;
  const copy = { ...row };
  for (const column of columns) if (copy[column] === from) copy[column] = to;
  return copy;
}
