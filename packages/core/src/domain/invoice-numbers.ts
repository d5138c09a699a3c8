/** India Standard Time is UTC+05:30 all year (no daylight saving). */
const INDIA_OFFSET_MS = 330 * 60_000;

/**
 * The Indian financial year (April to March) containing the ISO-8601 instant `issuedAt`, taken in
 * India time, spelled `2026-27` (the key of the year's sequence). Throws a RangeError for a string
 * that is not a valid instant.
 */
export function financialYearOf(issuedAt: string): string {
  const millis = Date.parse(issuedAt);
  if (Number.isNaN(millis)) throw new RangeError(`not an ISO-8601 instant: ${issuedAt}`);
  const india = new Date(millis + INDIA_OFFSET_MS);
  const year = india.getUTCFullYear();
  const start = india.getUTCMonth() >= 3 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** GST rule 46(b): an invoice number has at most 16 characters. */
export const INVOICE_NUMBER_MAX_LENGTH = 16;
/** The characters rule 46(b) allows in an invoice number: letters, digits, `-` and `/`. */
const INVOICE_NUMBER_CHARACTERS = /^[A-Za-z0-9/-]+$/;
/** `/26-27/`: the year part between the prefix and the sequence. */
const YEAR_PART_LENGTH = '/26-27/'.length;
/** The fewest sequence digits a configured prefix must leave (999 invoices a year). */
const MIN_SEQUENCE_DIGITS = 3;
/** The longest series prefix: 16 − 7 − 3 = 6 characters. */
export const INVOICE_PREFIX_MAX_LENGTH = INVOICE_NUMBER_MAX_LENGTH - YEAR_PART_LENGTH - MIN_SEQUENCE_DIGITS;

/** The series prefix of a store that configures none. */
export const DEFAULT_INVOICE_PREFIX = 'INV';

/**
 * The digits left for the sequence after `prefix` in a 16-character number: `9 − prefix length`
 * (6 for `INV`, so 999,999 invoices a financial year). Every sequence is zero-padded to this width.
 */
export function invoiceSequenceDigits(prefix: string): number {
  return INVOICE_NUMBER_MAX_LENGTH - YEAR_PART_LENGTH - prefix.length;
}

/**
 * Why `prefix` cannot be a configured series prefix, or undefined when it can: 1 to 6 letters,
 * digits, `-` or `/`, which leaves at least 3 sequence digits within 16 characters.
 */
export function invoicePrefixProblem(prefix: string): string | undefined {
  if (
    prefix.length >= 1 &&
    prefix.length <= INVOICE_PREFIX_MAX_LENGTH &&
    INVOICE_NUMBER_CHARACTERS.test(prefix)
  )
    return undefined;
  return (
    `must be 1 to ${INVOICE_PREFIX_MAX_LENGTH} letters, digits, '-' or '/': ` +
    `<prefix>/<financial year, e.g. 26-27>/<sequence> must fit the ${INVOICE_NUMBER_MAX_LENGTH} characters ` +
    `of GST rule 46(b), and each prefix character takes one sequence digit (INV leaves 6: 999,999 invoices a year)`
  );
}

/**
 * Thrown instead of an invoice number longer than rule 46(b) allows: the financial year's sequence
 * has outgrown the digits the prefix leaves. Issuing fails (the invoice job retries, then
 * dead-letters) until a shorter prefix leaves room.
 */
export class InvoiceNumberOverflowError extends Error {
  override readonly name = 'InvoiceNumberOverflowError';
  constructor(
    readonly financialYear: string,
    readonly sequence: number,
    readonly prefix: string,
  ) {
    const digits = invoiceSequenceDigits(prefix);
    super(
      `invoice ${sequence} of financial year ${financialYear} does not fit a ${INVOICE_NUMBER_MAX_LENGTH}-character ` +
        `GST invoice number: prefix ${prefix} leaves ${digits} sequence digits (at most ${'9'.repeat(Math.max(digits, 0))} ` +
        `invoices a year); set a shorter INVOICE_NUMBER_PREFIX`,
    );
  }
}

/** What every invoice number of `financialYear` (`2026-27`) in the series `prefix` starts with: `INV/26-27/`. */
export function invoiceNumberPrefix(financialYear: string, prefix = DEFAULT_INVOICE_PREFIX): string {
  if (!/^\d{4}-\d{2}$/.test(financialYear)) throw new RangeError(`not a financial year: ${financialYear}`);
  if (!INVOICE_NUMBER_CHARACTERS.test(prefix) || invoiceSequenceDigits(prefix) < 1)
    throw new RangeError(`not an invoice series prefix: ${JSON.stringify(prefix)}`);
  return `${prefix}/${financialYear.slice(2)}/`;
}

/**
 * The invoice number with sequence `sequence` (1, 2, …) of `financialYear` (`2026-27`) in the
 * series `prefix`: `INV/26-27/000001`, exactly 16 characters, the sequence zero-padded to
 * `invoiceSequenceDigits(prefix)`. Never longer: a sequence with more digits throws an
 * InvoiceNumberOverflowError; a bad year or prefix throws a RangeError.
 */
export function formatInvoiceNumber(
  financialYear: string,
  sequence: number,
  prefix = DEFAULT_INVOICE_PREFIX,
): string {
  const start = invoiceNumberPrefix(financialYear, prefix);
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError(`not a sequence number: ${sequence}`);
  const digits = invoiceSequenceDigits(prefix);
  if (String(sequence).length > digits) throw new InvoiceNumberOverflowError(financialYear, sequence, prefix);
  return `${start}${String(sequence).padStart(digits, '0')}`;
}
