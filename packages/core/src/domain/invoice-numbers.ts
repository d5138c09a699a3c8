/** India Standard Time is UTC+05:30 all year (no daylight saving). */
const INDIA_OFFSET_MS = 330 * 60_000;
/** Digits the sequence is zero-padded to; a longer sequence keeps all its digits. */
const SEQUENCE_DIGITS = 6;

/**
 * The Indian financial year (April to March) containing the ISO-8601 instant `issuedAt`, taken in
 * India time, spelled `2026-27`. Throws a RangeError for a string that is not a valid instant.
 */
export function financialYearOf(issuedAt: string): string {
  const millis = Date.parse(issuedAt);
  if (Number.isNaN(millis)) throw new RangeError(`not an ISO-8601 instant: ${issuedAt}`);
  const india = new Date(millis + INDIA_OFFSET_MS);
  const year = india.getUTCFullYear();
  const start = india.getUTCMonth() >= 3 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The series prefix of a store that configures none. */
export const DEFAULT_INVOICE_PREFIX = 'INV';

/**
 * A series prefix: 1 to 6 letters, digits or hyphens (GST rule 46(b) allows letters, digits, `-` and
 * `/` in invoice numbers; `/` separates the parts here).
 */
export const INVOICE_PREFIX_PATTERN = /^[A-Za-z0-9-]{1,6}$/;

/** What every invoice number of `financialYear` in the series `prefix` starts with: `INV/2026-27/`. */
export function invoiceNumberPrefix(financialYear: string, prefix = DEFAULT_INVOICE_PREFIX): string {
  return `${prefix}/${financialYear}/`;
}

/** The invoice number with sequence `sequence` (1, 2, …) of `financialYear`: `INV/2026-27/000001`. */
export function formatInvoiceNumber(
  financialYear: string,
  sequence: number,
  prefix = DEFAULT_INVOICE_PREFIX,
): string {
  return `${invoiceNumberPrefix(financialYear, prefix)}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}
