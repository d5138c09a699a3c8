import type { PendingJob } from '@bharatmart/core';

// Rows as node-oracledb returns them for our tables: lower-case keys (quoted identifiers), money
// (`number(19)`) as decimal strings, other numbers as numbers, CLOBs as strings, '' as null.

export const AT = '2025-01-01T00:00:00.000Z';

export const product = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  sku: `SKU-${id}`,
  name: `Product ${id}`,
  description: null,
  price: '59900',
  currency: 'INR',
  stock: 10,
  category: 'grocery',
  hsn_code: '090240',
  gst_rate_bp: 500,
  created_at: AT,
  updated_at: AT,
  ...overrides,
});

export const user = (id: string) => ({
  id,
  email: 'Asha@Example.in',
  email_normalized: 'asha@example.in',
  name: 'Asha',
  password_hash: 'hash',
  role: 'customer',
  created_at: AT,
});

export const order = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  user_id: 'user-1',
  status: 'pending',
  payment_status: 'pending',
  total: '119800',
  currency: 'INR',
  shipping_address: null,
  created_at: AT,
  updated_at: AT,
  ...overrides,
});

export const item = (orderId: string, lineNo: number, productId: string) => ({
  order_id: orderId,
  line_no: lineNo,
  product_id: productId,
  sku: `SKU-${productId}`,
  name: `Product ${productId}`,
  quantity: 2,
  unit_price: '59900',
});

export const payment = (id: string) => ({
  id,
  order_id: 'order-1',
  kind: 'charge',
  amount: '119800',
  currency: 'INR',
  status: 'succeeded',
  gateway_reference: 'ch_1',
  idempotency_key: 'charge:order-1',
  created_at: AT,
});

export const invoice = (id: string) => ({
  id,
  invoice_number: 'INV-1',
  order_id: 'order-1',
  user_id: 'user-1',
  lines: '[{"sku":"SKU-1","name":"Tea","quantity":2,"unitPrice":59900,"lineTotal":119800}]',
  total: '119800',
  currency: 'INR',
  issued_at: AT,
  gst: null,
});

export const address = (id: string) => ({
  id,
  user_id: 'user-1',
  name: 'Asha',
  line1: '4 Residency Road',
  line2: null,
  city: 'Chennai',
  state_code: '33',
  pincode: '600001',
  phone: '9876543210',
  created_at: AT,
});

export const email = (id: string) => ({
  id,
  recipient: 'asha@example.in',
  subject: 'Welcome to BharatMart',
  body: 'Namaste Asha',
  template: 'welcome',
  dedupe_key: 'welcome:user-1',
  transport: 'log',
  sent_at: AT,
});

export const outboxRow = (id: string, key: string) => ({
  id,
  job_key: key,
  name: 'order.invoice',
  payload: '{"orderId":"order-1"}',
  delay_ms: null,
  status: 'pending',
  created_at: AT,
  updated_at: AT,
});

/** An outbox job for `orderId`, keyed by it. */
export const invoiceJob = (orderId: string): PendingJob => ({
  name: 'order.invoice',
  payload: { orderId },
  key: `order.invoice@${orderId}`,
});

/** The unique violation Oracle raises for a clashing key. */
export const uniqueViolation = (constraint: string) => ({
  code: 'ORA-00001',
  message: `ORA-00001: unique constraint (APP.${constraint}) violated`,
});
