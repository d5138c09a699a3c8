import type { Money } from '../types.js';
import { rateToBasisPoints } from './gst-rates.js';

/** Intra-state supply pays CGST + SGST; inter-state supply pays IGST. */
export type SupplyType = 'intra-state' | 'inter-state';

/** The tax in one tax-inclusive amount, in paise: `taxableValue + cgst + sgst + igst` = the amount. */
export interface TaxSplit {
  taxableValue: Money;
  cgst: Money;
  sgst: Money;
  igst: Money;
}

/** Intra-state when the place of supply is the seller's state. */
export function supplyTypeOf(sellerStateCode: string, placeOfSupply: string): SupplyType {
  return sellerStateCode === placeOfSupply ? 'intra-state' : 'inter-state';
}

/**
 * Splits a tax-inclusive amount (integer paise ≥ 0) at `ratePercent`:
 * taxable value = amount × 100 / (100 + rate), rounded to the nearest paisa (half up), computed in
 * exact integers; tax = amount − taxable value, so the two always add up to the amount. Inter-state,
 * all tax is IGST. Intra-state, CGST = ⌊tax / 2⌋ and SGST = the rest (SGST carries an odd paisa).
 * Throws a RangeError for a negative or fractional amount.
 */
export function splitInclusiveAmount(amount: Money, ratePercent: number, supply: SupplyType): TaxSplit {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`an amount is a whole number of paise ≥ 0, not ${amount}`);
  }
  const basisPoints = BigInt(rateToBasisPoints(ratePercent));
  const divisor = 10_000n + basisPoints;
  const taxableValue = Number((BigInt(amount) * 20_000n + divisor) / (2n * divisor));
  const tax = amount - taxableValue;
  if (supply === 'inter-state') return { taxableValue, cgst: 0, sgst: 0, igst: tax };
  const cgst = Math.floor(tax / 2);
  return { taxableValue, cgst, sgst: tax - cgst, igst: 0 };
}
