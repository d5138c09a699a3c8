import type { ColumnType } from 'kysely';
import type { OrderStatus, PaymentKind, PaymentStatus, Role } from '@bharatmart/core';

/**
 * A 64-bit integer column (money). Drivers return it as a number, a decimal string (node-pg) or a
 * bigint; the row mappers convert it back to a number.
 */
export type Int64Column = ColumnType<number | string | bigint, number, number>;

/**
 * Timestamps are stored as ISO-8601 UTC strings of fixed width (`Date#toISOString`), so they round-trip
 * exactly on every backend without driver time-zone settings and sort chronologically as text.
 */
export type Timestamp = string;

/**
 * Text that may be empty. Where the backend stores '' as NULL (Oracle) the column is nullable and
 * reads back NULL for ''; the row mappers turn that into ''.
 */
export type MaybeEmptyText = ColumnType<string | null, string, string>;

export interface ProductsTable {
  id: string;
  sku: string;
  name: string;
  description: MaybeEmptyText;
  price: Int64Column;
  currency: string;
  stock: number;
  category: string;
  /** 4, 6 or 8 digits, '' when not classified (NULL on Oracle); defaults to ''. */
  hsn_code: ColumnType<string | null, string | undefined, string>;
  /** GST rate in hundredths of a percent (1800 = 18%); defaults to 1800. */
  gst_rate_bp: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  /** As the user typed it. */
  email: string;
  /** Lower-cased; unique, so emails are unique case-insensitively on every backend. */
  email_normalized: string;
  name: string;
  password_hash: string;
  role: Role;
  created_at: Timestamp;
}

export interface OrdersTable {
  id: string;
  user_id: string;
  status: OrderStatus;
  payment_status: PaymentStatus;
  total: Int64Column;
  currency: string;
  /** JSON of the ShippingAddress; NULL when the order has none. */
  shipping_address: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderItemsTable {
  order_id: string;
  /** Position of the item in the order as requested, from 0. */
  line_no: number;
  product_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price: Int64Column;
}

/** Idempotency keys of order creation, unique per user. */
export interface OrderIdempotencyKeysTable {
  user_id: string;
  idempotency_key: string;
  request_hash: string | null;
  order_id: string;
  created_at: Timestamp;
}

export interface PaymentsTable {
  id: string;
  order_id: string;
  kind: PaymentKind;
  amount: Int64Column;
  currency: string;
  status: 'succeeded' | 'failed';
  gateway_reference: string;
  idempotency_key: string;
  created_at: Timestamp;
}

export interface InvoicesTable {
  id: string;
  invoice_number: string;
  order_id: string;
  user_id: string;
  /** JSON array of InvoiceLine. */
  lines: string;
  total: Int64Column;
  currency: string;
  issued_at: Timestamp;
  /** JSON of the InvoiceGst; NULL on invoices issued before migration 0007. */
  gst: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A customer's saved shipping address. */
export interface CustomerAddressesTable {
  id: string;
  user_id: string;
  name: string;
  line1: string;
  /** NULL when the address has no second line. */
  line2: string | null;
  city: string;
  /** GST state code, two digits. */
  state_code: string;
  pincode: string;
  phone: string;
  created_at: Timestamp;
}

/** The last invoice number issued per Indian financial year. */
export interface InvoiceSequencesTable {
  /** `2026-27`. */
  financial_year: string;
  last_number: number;
}

export interface EmailsTable {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  template: string;
  dedupe_key: string;
  transport: string;
  sent_at: Timestamp;
}

export type OutboxStatus = 'pending' | 'dispatched' | 'completed';

export interface OutboxTable {
  id: string;
  /** The job's idempotency key; unique. */
  job_key: string;
  name: string;
  /** JSON of the job's payload. */
  payload: string;
  delay_ms: number | null;
  status: OutboxStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Every table of the BharatMart schema, as Kysely sees it. */
export interface Database {
  products: ProductsTable;
  users: UsersTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_idempotency_keys: OrderIdempotencyKeysTable;
  payments: PaymentsTable;
  invoices: InvoicesTable;
  invoice_sequences: InvoiceSequencesTable;
  customer_addresses: CustomerAddressesTable;
  emails: EmailsTable;
  outbox: OutboxTable;
}

/**
 * The one row naming this database (MigrationRunner.identity). Kept out of `Database` on purpose:
 * it belongs to one database and is never copied to another.
 */
export interface DatabaseIdentityTable {
  id: string;
  created_at: Timestamp;
}
