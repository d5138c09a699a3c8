import type {
  Currency,
  EmailRecord,
  Invoice,
  InvoiceLine,
  JobName,
  Order,
  OrderStatus,
  OutboxEntry,
  PaymentKind,
  PaymentRecord,
  PaymentStatus,
  Product,
  Role,
  User,
  UserWithCredentials,
} from '@bharatmart/core';

// Rows as PostgREST returns them (the shared schema of @bharatmart/database-sql, as JSON: bigint
// columns arrive as JSON numbers). They become domain objects here and nowhere else.

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  stock: number;
  category: string;
  created_at: string;
  updated_at: string;
}

export interface UserRow {
  id: string;
  email: string;
  email_normalized: string;
  name: string;
  password_hash: string;
  role: Role;
  created_at: string;
}

export interface OrderItemRow {
  order_id: string;
  line_no: number;
  product_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price: number;
}

/** An order with its items embedded (`select=*,order_items(*)`, or the functions' `order` JSON). */
export interface OrderRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  payment_status: PaymentStatus;
  total: number;
  currency: string;
  created_at: string;
  updated_at: string;
  order_items: OrderItemRow[];
}

export interface PaymentRow {
  id: string;
  order_id: string;
  kind: PaymentKind;
  amount: number;
  currency: string;
  status: 'succeeded' | 'failed';
  gateway_reference: string;
  idempotency_key: string;
  created_at: string;
}

export interface InvoiceRow {
  id: string;
  invoice_number: string;
  order_id: string;
  user_id: string;
  lines: string;
  total: number;
  currency: string;
  issued_at: string;
}

export interface EmailRow {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  template: string;
  dedupe_key: string;
  transport: string;
  sent_at: string;
}

export interface OutboxRow {
  id: string;
  job_key: string;
  name: string;
  payload: string;
  delay_ms: number | null;
  status: string;
  created_at: string;
  updated_at: string;
}

/** A JSON number that must be a safe integer (money, stock, counts). */
export function toNumber(value: number | string): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError(`not a safe integer: ${String(value)}`);
  return result;
}

/** A `products` row as a Product. */
export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: toNumber(row.price),
    currency: row.currency as Currency,
    stock: toNumber(row.stock),
    category: row.category,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A `users` row as a User, without the password hash. */
export function toUser(row: Omit<UserRow, 'email_normalized' | 'password_hash'>): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.created_at };
}

/** A `users` row as a User with its password hash, for credential checks. */
export function toUserWithCredentials(row: UserRow): UserWithCredentials {
  return { ...toUser(row), passwordHash: row.password_hash };
}

/** An order row with embedded items as an Order, items by line number. */
export function toOrder(row: OrderRow): Order {
  const items = [...row.order_items].sort((a, b) => a.line_no - b.line_no);
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    paymentStatus: row.payment_status,
    items: items.map((item) => ({
      productId: item.product_id,
      sku: item.sku,
      name: item.name,
      quantity: toNumber(item.quantity),
      unitPrice: toNumber(item.unit_price),
    })),
    total: toNumber(row.total),
    currency: row.currency as Currency,
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
