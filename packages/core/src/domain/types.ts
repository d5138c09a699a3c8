import type { ShippingAddress } from './gst/address.js';
import type { SupplyType } from './gst/tax-split.js';

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
  /** HSN code (4, 6 or 8 digits) printed on invoices; '' = not classified yet. */
  hsnCode: string;
  /** GST rate in percent, one of GST_RATES_PERCENT; the price includes it. */
  gstRatePercent: number;
  createdAt: string;
  updatedAt: string;
}

/** A product to add; without tax data it gets no HSN code and the standard rate (18%). */
export type NewProduct = Omit<Product, 'id' | 'createdAt' | 'updatedAt' | 'hsnCode' | 'gstRatePercent'> &
  Partial<Pick<Product, 'hsnCode' | 'gstRatePercent'>>;
export type ProductPatch = Partial<Omit<NewProduct, 'currency'>> & { currency?: Currency };

/** The GST rate of a product created without one. */
export const STANDARD_GST_RATE_PERCENT = 18;

export interface ProductQuery {
  /**
   * Products whose name, description or sku contains this text, case-insensitively (the database's
   * `lower()`, which folds non-ASCII letters too: `CHĀY` finds `Chāy`); accents count (`chay` does
   * not find `Chāy`); `%`, `_` and `*` are plain characters.
   */
  search?: string;
  category?: string;
  minPrice?: Money;
  maxPrice?: Money;
  limit: number;
  offset: number;
  /**
   * Count at most this many matches for `total` (a positive integer). Absent: every match is counted.
   * Counting stops one row past the cap, so counting costs no more however many products match.
   */
  totalCap?: number;
}

/** A page of products: `total` as in `Page`, but counted only up to the query's `totalCap`. */
export interface ProductPage extends Page<Product> {
  /**
   * True when more products match than the query's `totalCap`: `total` is then a lower bound, the
   * larger of the cap and `offset + items.length`. False when `total` is the exact number of matches.
   */
  totalCapped: boolean;
}

/** How many matches a catalog listing counts at most for its `total` (`ProductQuery.totalCap`). */
export const PRODUCT_TOTAL_CAP = 1_000;

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
  /** Where it goes; absent = no address given (invoiced as a supply within the store's state). */
  shippingAddress?: ShippingAddress;
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
  /** unitPrice × quantity, tax included. */
  lineTotal: Money;
  /** The tax fields are present on every invoice with `gst` (all issued since migration 0007). */
  hsnCode?: string;
  gstRatePercent?: number;
  /** lineTotal = taxableValue + cgst + sgst + igst, in paise. */
  taxableValue?: Money;
  cgst?: Money;
  sgst?: Money;
  igst?: Money;
}

/** The registered seller as printed on its tax invoices. */
export interface SellerDetails {
  legalName: string;
  /** Valid by format and check character (gstinProblem). */
  gstin: string;
  /** The GSTIN's first two digits. */
  stateCode: string;
  address: string;
}

/** What makes an invoice a GST tax invoice. */
export interface InvoiceGst {
  seller: SellerDetails;
  /** GST state code of the destination: the shipping address's, else the seller's own. */
  placeOfSupply: string;
  supplyType: SupplyType;
  /** The order's address; null when the order had none (then placeOfSupply is the seller's state). */
  shippingAddress: ShippingAddress | null;
  /** Sums of the lines: taxableValue + cgst + sgst + igst = the invoice's total. */
  totals: { taxableValue: Money; cgst: Money; sgst: Money; igst: Money };
  /** The total in words, Indian numbering: `Rupees One Lakh … Only`. */
  amountInWords: string;
}

export interface Invoice {
  id: string;
  /**
   * Unique and gap-free per Indian financial year (April–March, India time, of `issuedAt`), at most
   * 16 characters (GST rule 46(b)): `<prefix>/<financial year, two-digit years>/<sequence>`, e.g.
   * `INV/26-27/000001` (`formatInvoiceNumber`). One sequence per year whatever the prefix, so a
   * changed prefix never repeats a sequence. Invoices issued before this format read
   * `INV/2026-27/000001` and keep that number.
   */
  number: string;
  orderId: string;
  userId: string;
  lines: InvoiceLine[];
  total: Money;
  currency: Currency;
  issuedAt: string;
  /** The GST details; null on invoices issued before the store recorded them (migration 0007). */
  gst: InvoiceGst | null;
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
