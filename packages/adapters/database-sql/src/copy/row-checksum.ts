import { createHash } from 'node:crypto';

/**
 * A row as text, the same whichever backend read it: columns sorted by name, SQL NULL as `null`,
 * integers as decimal strings (node-pg returns bigint columns as strings, mysql2 as numbers, PGlite
 * as numbers or, beyond 2^53, bigints), text unchanged. The schema has no other column types;
 * any other value throws rather than being compared loosely. Rows are given in the shared form
 * (readBatches, readByKeys: `sharedForm`), in which Oracle's NULL for an empty description or HSN
 * code is already `''`, so such a row equals, and sums to the same checksum as, the row read elsewhere.
 */
export function canonicalRow(row: Readonly<Record<string, unknown>>): string {
  const columns = Object.keys(row).sort();
  return JSON.stringify(columns.map((column) => [column, canonicalValue(column, row[column])]));
}

function canonicalValue(column: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) {
    return String(value);
  }
  throw new TypeError(`column ${column}: no canonical form for ${typeof value} ${String(value)}`);
}

/**
 * A checksum of a set of rows: the sum modulo 2^256 of the SHA-256 of each row's `canonicalRow`.
 * A sum does not depend on the order rows are read in, which differs between backends: keys are
 * text, and PostgreSQL sorts text by the database's collation while our MySQL tables use binary
 * order. Rows are unique by primary key, so no two equal rows cancel out.
 */
export class RowChecksum {
  #sum = 0n;
  #rows = 0;

  /** Adds one row. */
  add(row: Readonly<Record<string, unknown>>): void {
    const digest = createHash('sha256').update(canonicalRow(row)).digest('hex');
    this.#sum = BigInt.asUintN(256, this.#sum + BigInt(`0x${digest}`));
    this.#rows++;
  }

  /** How many rows were added. */
  get rows(): number {
    return this.#rows;
  }

  /** The checksum as 64 hex digits. */
  get hex(): string {
    return this.#sum.toString(16).padStart(64, '0');
  }
}
