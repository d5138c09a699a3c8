/** Money is an integer in minor units (paise for INR). */
export type Money = number;

/** ISO 4217 code; the store sells in INR. */
export type Currency = 'INR';

export type Role = 'customer' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

/** Who is asking: enough of a user to decide what they may see and do. */
export type Viewer = Pick<User, 'id' | 'role'>;

/** A user together with the stored password hash; never leaves the domain layer. */
export interface UserWithCredentials extends User {
  passwordHash: string;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: Money;
  currency: Currency;
  /** Units available to order now; reserved units are already subtracted. */
  stock: number;
  category: string;
  createdAt: string;
  updatedAt: string;
}

export type NewProduct = Omit<Product, 'id' | 'createdAt' | 'updatedAt'>;
export type ProductPatch = Partial<Omit<NewProduct, 'currency'>> & { currency?: Currency };

export interface ProductQuery {
  /** Case-insensitive match on name, description or sku. */
  search?: string;
  category?: string;
  minPrice?: Money;
  maxPrice?: Money;
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type OrderStatus = 'pending' | 'confirmed' | 'shipped' | 'cancelled';
export type PaymentStatus = 'pending' | 'paid' | 'refunded' | 'failed';

export interface OrderItem {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  items: OrderItem[];
  total: Money;
  currency: Currency;
  createdAt: string;
  updatedAt: string;
}

export type PaymentKind = 'charge' | 'refund';

/** A gateway operation as recorded once it happened; `idempotencyKey` is unique. */
export interface PaymentRecord {
  id: string;
  orderId: string;
  kind: PaymentKind;
  amount: Money;
  currency: Currency;
  status: 'succeeded' | 'failed';
  gatewayReference: string;
  idempotencyKey: string;
  createdAt: string;
}

export interface InvoiceLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface Invoice {
  id: string;
  /**
   * Unique and gap-free per Indian financial year (April–March, India time, of `issuedAt`):
   * `INV/<financial year>/<sequence, zero-padded to 6>`, e.g. `INV/2026-27/000001`.
   */
  number: string;
  orderId: string;
  userId: string;
  lines: InvoiceLine[];
  total: Money;
  currency: Currency;
  issuedAt: string;
}

/** An email as the email worker sent it; `dedupeKey` makes a redelivered job send once. */
export interface EmailRecord {
  id: string;
  to: string;
  subject: string;
  body: string;
  template: string;
  dedupeKey: string;
  transport: string;
  sentAt: string;
}
