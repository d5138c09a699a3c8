import { describe, expect, it } from '@jest/globals';
import { COPY_TABLES, type TableName } from '../src/copy/copy-tables.js';
import { canonicalRow, RowChecksum } from '../src/copy/row-checksum.js';

const checksumOf = (rows: Record<string, unknown>[]) => {
  const checksum = new RowChecksum();
  for (const row of rows) checksum.add(row);
  return checksum.hex;
};

describe('canonicalRow', () => {
  it('is the same for a row as node-pg, mysql2 and PGlite return it', () => {
    const pg = { id: 'a', total: '9007199254740993', stock: 3, hash: null };
    const mysql = { hash: null, stock: 3, total: '9007199254740993', id: 'a' };
    const pglite = { id: 'a', total: 9007199254740993n, stock: 3, hash: null };
    expect(canonicalRow(mysql)).toBe(canonicalRow(pg));
    expect(canonicalRow(pglite)).toBe(canonicalRow(pg));
    expect(canonicalRow({ id: 'a', total: 12 })).toBe(canonicalRow({ id: 'a', total: '12' }));
  });

  it('tells NULL, empty text and the text "null" apart', () => {
    const forms = [null, '', 'null'].map((hash) => canonicalRow({ hash }));
    expect(new Set(forms).size).toBe(3);
  });

  it('refuses values the schema never stores instead of comparing them loosely', () => {
    expect(() => canonicalRow({ at: new Date(0) })).toThrow(/column at/);
    expect(() => canonicalRow({ ratio: 0.5 })).toThrow(TypeError);
  });
});

describe('RowChecksum', () => {
  const rows = [
    { id: 'b', total: 1 },
    { id: 'A', total: 2 },
    { id: 'a', total: 3 },
  ];

  it('does not depend on the order rows are read in', () => {
    expect(checksumOf([...rows].reverse())).toBe(checksumOf(rows));
    expect(checksumOf(rows)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any value, any missing row, and counts rows', () => {
    const changed = rows.map((row) => (row.id === 'a' ? { ...row, total: 4 } : row));
    expect(checksumOf(changed)).not.toBe(checksumOf(rows));
    expect(checksumOf(rows.slice(1))).not.toBe(checksumOf(rows));
    expect(checksumOf([])).toBe('0'.repeat(64));
    const checksum = new RowChecksum();
    rows.forEach((row) => checksum.add(row));
    expect(checksum.rows).toBe(3);
  });
});

describe('COPY_TABLES', () => {
  it('lists every table once, each after the tables its foreign keys point to', () => {
    const order = COPY_TABLES.map((spec) => spec.table);
    expect(new Set(order).size).toBe(11);
    const before = (parent: TableName, child: TableName) => order.indexOf(parent) < order.indexOf(child);
    for (const child of ['orders', 'order_items', 'payments', 'invoices', 'customer_addresses'] as const)
      expect(before('users', child)).toBe(true);
    for (const child of ['order_items', 'payments', 'invoices'] as const)
      expect(before('orders', child)).toBe(true);
    expect(before('products', 'order_items')).toBe(true);
  });
});
