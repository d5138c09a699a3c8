import { DEFAULT_INVOICE_PREFIX } from '../domain/invoice-numbers.js';
import type { Currency, SellerDetails } from '../domain/types.js';

/** The business knobs the domain services read; the runtime fills them from configuration. */
export interface StoreSettings {
  currency: Currency;
  /** Largest quantity of one product in one order. */
  maxQuantityPerItem: number;
  /** Largest number of distinct products in one order. */
  maxItemsPerOrder: number;
  /**
   * Most unpaid (`pending`) orders one customer may hold at once, so nobody can reserve a product's
   * whole stock without paying; 0 = no cap.
   */
  maxPendingOrdersPerCustomer: number;
  /** An order leaving a product at or below this stock triggers a low-stock email. */
  lowStockThreshold: number;
  /** Where operational emails (low stock) go. */
  adminEmail: string;
  /** Seconds a product read stays cached; changes through the API invalidate it at once. */
  productCacheTtlSeconds: number;
  /** Seconds a product listing stays cached; stock shown in listings may lag by at most this. */
  listCacheTtlSeconds: number;
  /** Largest page size of any listing. */
  maxPageSize: number;
  /** Seconds after an order is placed when a payment still pending is reconciled with the gateway. */
  paymentVerifyDelaySeconds: number;
  /** Minutes an order may stay unpaid before it is cancelled and its stock returned. */
  orderPaymentTimeoutMinutes: number;
  /** The registered seller printed on every tax invoice (GSTIN validated at configuration load). */
  seller: SellerDetails;
  /** The invoice series: numbers read `<invoicePrefix>/<financial year>/<sequence>`, e.g. `INV/26-27/000001`. */
  invoicePrefix: string;
}

/**
 * The demo seller of a store that configures none (outside production only): a Karnataka
 * registration whose GSTIN has a valid check character but belongs to nobody.
 */
export const DEMO_SELLER: SellerDetails = {
  legalName: 'BharatMart Demo Retail Private Limited',
  gstin: '29AABCB1234F1Z4',
  stateCode: '29',
  address: '12 MG Road, Bengaluru, Karnataka 560001',
};

export const defaultStoreSettings: StoreSettings = {
  currency: 'INR',
  maxQuantityPerItem: 10,
  maxItemsPerOrder: 20,
  maxPendingOrdersPerCustomer: 10,
  lowStockThreshold: 5,
  adminEmail: 'admin@bharatmart.local',
  productCacheTtlSeconds: 300,
  listCacheTtlSeconds: 30,
  maxPageSize: 100,
  paymentVerifyDelaySeconds: 600,
  orderPaymentTimeoutMinutes: 30,
  seller: DEMO_SELLER,
  invoicePrefix: DEFAULT_INVOICE_PREFIX,
};
