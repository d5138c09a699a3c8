/**
 * The GST rates (percent) a product may carry: the slabs 0, 5, 12, 18 and 28 (since 22 September
 * 2025 most goods are at 5 or 18, and 40 applies to a few), and the special rates of the rate
 * notifications: 0.1 (supplies to merchant exporters), 0.25 (rough precious and semi-precious
 * stones), 1.5 (cut and polished diamonds), 3 (gold, silver, jewellery).
 */
export const GST_RATES_PERCENT: readonly number[] = [0, 0.1, 0.25, 1.5, 3, 5, 12, 18, 28, 40];

/** True when `rate` is one of GST_RATES_PERCENT. */
export function isGstRate(rate: number): boolean {
  return GST_RATES_PERCENT.includes(rate);
}

/** A rate in hundredths of a percent (18 → 1800), exact for every rate of GST_RATES_PERCENT. */
export function rateToBasisPoints(ratePercent: number): number {
  return Math.round(ratePercent * 100);
}

/** The inverse of rateToBasisPoints (1800 → 18, 25 → 0.25). */
export function basisPointsToRate(basisPoints: number): number {
  return basisPoints / 100;
}

/** An HSN code as printed on invoices: 4, 6 or 8 digits (empty = not classified yet). */
export const HSN_CODE_PATTERN = '^(\\d{4}|\\d{6}|\\d{8})?$';
