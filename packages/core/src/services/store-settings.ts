import type { Currency } from '../domain/types.js';

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
}

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
};
