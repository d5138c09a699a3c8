import type { Money } from '@bharatmart/core';

/**
 * Paise as rupees with Indian digit grouping and two decimals: 12345678 → `1,23,456.78`
 * (the last three digits, then groups of two).
 */
export function formatRupees(paise: Money): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError(`not a whole number of paise: ${paise}`);
  const sign = paise < 0 ? '-' : '';
  const absolute = Math.abs(paise);
  const rupees = String(Math.floor(absolute / 100));
  const last3 = rupees.slice(-3);
  const rest = rupees.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',');
  return `${sign}${rest ? `${rest},` : ''}${last3}.${String(absolute % 100).padStart(2, '0')}`;
}

/** An ISO instant as the date in India (UTC+05:30), `dd-mm-yyyy`, as invoices print it. */
export function indianDate(iso: string): string {
  const india = new Date(Date.parse(iso) + 330 * 60_000);
  const dd = String(india.getUTCDate()).padStart(2, '0');
  const mm = String(india.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}-${mm}-${india.getUTCFullYear()}`;
}
