import type { Database } from '../schema.js';

/** A table of the schema. */
export type TableName = keyof Database & string;

/**
 * The primary key of every table, in an order where each table comes after the tables its
 * foreign keys point to (users and products, then orders, then what refers to orders). Typed as a
 * record over the schema, so a table added to `Database` without a key here fails to compile.
 */
const PRIMARY_KEYS: { readonly [T in TableName]: readonly (keyof Database[T] & string)[] } = {
  users: ['id'],
  products: ['id'],
  orders: ['id'],
  order_items: ['order_id', 'line_no'],
  order_idempotency_keys: ['user_id', 'idempotency_key'],
  payments: ['id'],
  invoices: ['id'],
  invoice_sequences: ['financial_year'],
  customer_addresses: ['id'],
  emails: ['id'],
  outbox: ['id'],
};

/**
 * The text columns that may hold `''` (MaybeEmptyText and `products.hsn_code`): NOT NULL everywhere
 * but where the backend stores '' as NULL (`SqlDialectFeatures.emptyStringIsNull`, Oracle), where the
 * migrations create them nullable. Tools that move rows between backends read NULL in them as `''`
 * and write `''` to such a backend as NULL (see empty-text.ts).
 */
const EMPTY_TEXT_COLUMNS: { readonly [T in TableName]?: readonly (keyof Database[T] & string)[] } = {
  products: ['description', 'hsn_code'],
};

/** One table to copy, the columns of its primary key in key order, and its columns that may hold ''. */
export interface TableSpec {
  readonly table: TableName;
  readonly key: readonly string[];
  readonly emptyText: readonly string[];
}

/** Every table of the schema, parents before children. */
export const COPY_TABLES: readonly TableSpec[] = Object.entries(PRIMARY_KEYS).map(([table, key]) => ({
  table: table as TableName,
  key,
  emptyText: EMPTY_TEXT_COLUMNS[table as TableName] ?? [],
}));
