import type { Selectable } from 'kysely';
import {
  basisPointsToRate,
  rateToBasisPoints,
  type Currency,
  type EmailRecord,
  type Invoice,
  type InvoiceGst,
  type InvoiceLine,
  type SavedAddress,
  type ShippingAddress,
  type JobName,
  type Order,
  type OrderItem,
  type OutboxEntry,
  type PaymentRecord,
  type Product,
  type ProductPatch,
  type User,
  type UserWithCredentials,
} from '@bharatmart/core';
import type {
  CustomerAddressesTable,
  EmailsTable,
  InvoicesTable,
  OrderItemsTable,
  OrdersTable,
  OutboxTable,
  PaymentsTable,
  ProductsTable,
  UsersTable,
} from './schema.js';
import { toNumber } from './sql-context.js';

// Rows become domain objects here and nowhere else; column names never leave the SQL adapters (this
// package and the adapters that read the same schema through another protocol, such as Supabase).

/**
 * Rows of the shared schema as read back. Each 64-bit column (Int64Column) may be a number, a decimal
 * string or a bigint, as the driver returns it; `products.description` may be NULL where the backend
 * stores '' as NULL (`SqlDialectFeatures.emptyStringIsNull`, Oracle). Any narrower representation (e.g.
 * PostgREST's JSON numbers) is accepted by the mappers below.
 */
export type ProductRow = Selectable<ProductsTable>;
/** A `users` row as read back; see ProductRow. */
export type UserRow = Selectable<UsersTable>;
/** An `orders` row as read back, without its items; see ProductRow. */
export type OrderRow = Selectable<OrdersTable>;
/** An `order_items` row as read back; see ProductRow. */
export type OrderItemRow = Selectable<OrderItemsTable>;
/** A `payments` row as read back; see ProductRow. */
export type PaymentRow = Selectable<PaymentsTable>;
/** An `invoices` row as read back; `lines` is JSON text. See ProductRow. */
export type InvoiceRow = Selectable<InvoicesTable>;
/** A `customer_addresses` row as read back. */
export type CustomerAddressRow = Selectable<CustomerAddressesTable>;
/** An `emails` row as read back; see ProductRow. */
export type EmailRow = Selectable<EmailsTable>;
/** An `outbox` row as read back; `payload` is JSON text. See ProductRow. */
export type OutboxRow = Selectable<OutboxTable>;

// The mappers below are the one row→domain mapping of the schema, shared with the Supabase adapter.
// Each converts 64-bit columns with a safe-integer check (RangeError beyond 2^53), passes timestamps
// through as stored (ISO-8601 strings) and trusts the row's enum-like text columns.

/** A `products` row as a Product; money and stock as numbers, a NULL description (Oracle's '') as ''. */
export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description ?? '',
    price: toNumber(row.price),
    currency: row.currency as Currency,
    stock: toNumber(row.stock),
    category: row.category,
    hsnCode: row.hsn_code ?? '',
    gstRatePercent: basisPointsToRate(toNumber(row.gst_rate_bp)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns of a product patch: its fields under their column names, and `updated_at`. */
export type ProductPatchColumns = Omit<ProductPatch, 'hsnCode' | 'gstRatePercent'> & {
  hsn_code?: string;
  gst_rate_bp?: number;
  updated_at: string;
};

/**
 * The `products` columns `patch` changes, with `updated_at` set to `now`: only the fields the patch
 * gives, so an update leaves every other column as it is.
 */
export function productPatchColumns(patch: ProductPatch, now: string): ProductPatchColumns {
  const changes: ProductPatchColumns = { updated_at: now };
  if (patch.sku !== undefined) changes.sku = patch.sku;
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.price !== undefined) changes.price = patch.price;
  if (patch.currency !== undefined) changes.currency = patch.currency;
  if (patch.stock !== undefined) changes.stock = patch.stock;
  if (patch.category !== undefined) changes.category = patch.category;
  if (patch.hsnCode !== undefined) changes.hsn_code = patch.hsnCode;
  if (patch.gstRatePercent !== undefined) changes.gst_rate_bp = rateToBasisPoints(patch.gstRatePercent);
  return changes;
}

/** A `users` row as a User, without the password hash. */
export function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.created_at };
}

/** A `users` row as a User with its password hash, for credential checks. */
export function toUserWithCredentials(row: UserRow): UserWithCredentials {
  return { ...toUser(row), passwordHash: row.password_hash };
}

/** An `order_items` row as an OrderItem. */
export function toOrderItem(row: OrderItemRow): OrderItem {
  return {
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    quantity: toNumber(row.quantity),
    unitPrice: toNumber(row.unit_price),
  };
}

/** An `orders` row as an Order; `items` must be its item rows ordered by line number. */
export function toOrder(row: OrderRow, items: readonly OrderItemRow[]): Order {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    paymentStatus: row.payment_status,
    items: items.map(toOrderItem),
    total: toNumber(row.total),
    currency: row.currency as Currency,
    ...(row.shipping_address ? { shippingAddress: JSON.parse(row.shipping_address) as ShippingAddress } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A `payments` row as a PaymentRecord. */
export function toPayment(row: PaymentRow): PaymentRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    kind: row.kind,
    amount: toNumber(row.amount),
    currency: row.currency as Currency,
    status: row.status,
    gatewayReference: row.gateway_reference,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
  };
}

/** An `invoices` row as an Invoice; its lines are parsed from JSON. */
export function toInvoice(row: InvoiceRow): Invoice {
  return {
    id: row.id,
    number: row.invoice_number,
    orderId: row.order_id,
    userId: row.user_id,
    lines: JSON.parse(row.lines) as InvoiceLine[],
    total: toNumber(row.total),
    currency: row.currency as Currency,
    issuedAt: row.issued_at,
    gst: row.gst ? (JSON.parse(row.gst) as InvoiceGst) : null,
  };
}

/** A `customer_addresses` row as a SavedAddress; a NULL `line2` is left out. */
export function toSavedAddress(row: CustomerAddressRow): SavedAddress {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    line1: row.line1,
    ...(row.line2 ? { line2: row.line2 } : {}),
    city: row.city,
    stateCode: row.state_code,
    pincode: row.pincode,
    phone: row.phone,
    createdAt: row.created_at,
  };
}

/** An `emails` row as an EmailRecord. */
export function toEmail(row: EmailRow): EmailRecord {
  return {
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    body: row.body,
    template: row.template,
    dedupeKey: row.dedupe_key,
    transport: row.transport,
    sentAt: row.sent_at,
  };
}

/** An `outbox` row as an OutboxEntry; `delayMs` only when one was given. */
export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  const entry = {
    id: row.id,
    name: row.name as JobName,
    payload: JSON.parse(row.payload) as OutboxEntry['payload'],
    key: row.job_key,
    createdAt: row.created_at,
  };
  return row.delay_ms === null ? entry : { ...entry, delayMs: toNumber(row.delay_ms) };
}
