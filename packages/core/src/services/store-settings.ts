import type { Currency } from '../domain/types.js';

/** The business knobs the domain services read; the runtime fills them from configuration. */
export interface StoreSettings {
  currency: Currency;
  /** Largest quantity of one product in one order. */
  maxQuantityPerItem: number;
  /** Largest number of distinct products in one order. */
  maxItemsPerOrder: number;
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
  /** Seconds after an order is placed when its payment is reconciled with the gateway. */
  paymentVerifyDelaySeconds: number;
}

export const defaultStoreSettings: StoreSettings = {
  currency: 'INR',
  maxQuantityPerItem: 10,
  maxItemsPerOrder: 20,
  lowStockThreshold: 5,
  adminEmail: 'admin@bharatmart.local',
  productCacheTtlSeconds: 300,
  listCacheTtlSeconds: 30,
  maxPageSize: 100,
  paymentVerifyDelaySeconds: 600,
};
