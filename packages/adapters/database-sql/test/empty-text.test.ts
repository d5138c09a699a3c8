import { describe, expect, it } from '@jest/globals';
import { COPY_TABLES } from '../src/copy/copy-tables.js';
import { sharedForm, storedForm } from '../src/copy/empty-text.js';
import { canonicalRow } from '../src/copy/row-checksum.js';
import { postgresFeatures, type SqlDialectFeatures } from '../src/dialect-features.js';

// The one feature the normalisation reads; Oracle's own object (oracle-features.ts) declares it true.
const storesEmptyAsNull: SqlDialectFeatures = {
  ...postgresFeatures,
  dialect: 'oracle',
  emptyStringIsNull: true,
};
const spec = (table: string) => {
  const found = COPY_TABLES.find((candidate) => candidate.table === table);
  if (!found) throw new Error(`no table ${table}`);
  return found;
};
const products = spec('products');

describe("'' in the text columns that may be empty, between Oracle (NULL) and every other backend ('')", () => {
  it('declares the columns the migrations create nullable on Oracle only', () => {
    expect(products.emptyText).toEqual(['description', 'hsn_code']);
    expect(COPY_TABLES.filter((table) => table.emptyText.length > 0).map((table) => table.table)).toEqual([
      'products',
    ]);
  });

  it("reads Oracle's NULL there as '', and a product read from Oracle then equals the one read elsewhere", () => {
    const fromOracle = { id: 'p-1', description: null, hsn_code: null, name: 'Tea' };
    const fromPostgres = { id: 'p-1', description: '', hsn_code: '', name: 'Tea' };
    const [shared] = sharedForm(storesEmptyAsNull, products, [fromOracle]);
    expect(shared).toEqual(fromPostgres);
    expect(canonicalRow(shared!)).toBe(canonicalRow(fromPostgres));
  });

  it("writes '' there as NULL to Oracle, and round-trips to ''", () => {
    const row = { id: 'p-1', description: '', hsn_code: '0902', name: 'Tea' };
    const stored = storedForm(storesEmptyAsNull, products, [row]);
    expect(stored).toEqual([{ id: 'p-1', description: null, hsn_code: '0902', name: 'Tea' }]);
    expect(sharedForm(storesEmptyAsNull, products, stored)).toEqual([row]);
    expect(row.description).toBe('');
  });

  it('leaves other backends, other tables and NULL in other columns alone', () => {
    const product = { id: 'p-1', description: '', hsn_code: '' };
    expect(sharedForm(postgresFeatures, products, [product])[0]).toBe(product);
    expect(storedForm(postgresFeatures, products, [product])[0]).toBe(product);
    const address = { id: 'a-1', line2: null, name: '' };
    expect(sharedForm(storesEmptyAsNull, spec('customer_addresses'), [address])[0]).toBe(address);
    expect(storedForm(storesEmptyAsNull, spec('customer_addresses'), [address])[0]).toBe(address);
  });

  it('keeps the text "null" and real text apart from the empty string', () => {
    const rows = [{ id: 'p-1', description: 'null', hsn_code: 'x' }];
    expect(sharedForm(storesEmptyAsNull, products, rows)).toEqual(rows);
    expect(storedForm(storesEmptyAsNull, products, rows)).toEqual(rows);
  });
});
