import { describe, expect, it } from '@jest/globals';
import {
  financialYearOf,
  formatInvoiceNumber,
  invoicePrefixProblem,
  InvoiceNumberOverflowError,
  invoiceSequenceDigits,
} from '../src/domain/invoice-numbers.js';

describe('financialYearOf', () => {
  it('turns the year on 1 April in India time (UTC+05:30), not in UTC', () => {
    expect(financialYearOf('2027-03-31T18:29:59.999Z')).toBe('2026-27');
    expect(financialYearOf('2027-03-31T18:30:00.000Z')).toBe('2027-28');
    expect(financialYearOf('2026-12-31T20:00:00.000Z')).toBe('2026-27');
    expect(financialYearOf('2099-06-01T00:00:00.000Z')).toBe('2099-00');
  });

  it('refuses a string that is not an instant', () => {
    expect(() => financialYearOf('yesterday')).toThrow(RangeError);
  });
});

describe('formatInvoiceNumber', () => {
  it('writes 16 characters: prefix, two-digit years, the sequence padded to the digits the prefix leaves', () => {
    expect(formatInvoiceNumber('2026-27', 1)).toBe('INV/26-27/000001');
    expect(formatInvoiceNumber('2099-00', 999_999)).toBe('INV/99-00/999999');
    expect(formatInvoiceNumber('2026-27', 42, 'BM-KA')).toBe('BM-KA/26-27/0042');
    expect(formatInvoiceNumber('2026-27', 42, 'B')).toBe('B/26-27/00000042');
    expect(formatInvoiceNumber('2026-27', 7, 'BM/KA1')).toBe('BM/KA1/26-27/007');
    for (const prefix of ['B', 'INV', 'BM-KA', 'BM/KA1']) {
      expect(formatInvoiceNumber('2026-27', 1, prefix)).toMatch(/^[A-Za-z0-9/-]{16}$/);
    }
  });

  it('throws rather than issue a longer number when the sequence outgrows its digits', () => {
    expect(() => formatInvoiceNumber('2026-27', 1_000_000)).toThrow(InvoiceNumberOverflowError);
    expect(() => formatInvoiceNumber('2026-27', 1_000_000)).toThrow(
      'invoice 1000000 of financial year 2026-27 does not fit a 16-character GST invoice number: prefix INV leaves 6 sequence digits (at most 999999 invoices a year); set a shorter INVOICE_NUMBER_PREFIX',
    );
    expect(() => formatInvoiceNumber('2026-27', 10_000, 'BM-KA')).toThrow(InvoiceNumberOverflowError);
    expect(formatInvoiceNumber('2026-27', 10_000, 'BM')).toBe('BM/26-27/0010000');
  });

  it('refuses a prefix that leaves no digit or has other characters, a bad year or sequence', () => {
    expect(() => formatInvoiceNumber('2026-27', 1, 'ABCDEFGHI')).toThrow(RangeError);
    expect(() => formatInvoiceNumber('2026-27', 1, 'INV_1')).toThrow(RangeError);
    expect(() => formatInvoiceNumber('26-27', 1)).toThrow(RangeError);
    expect(() => formatInvoiceNumber('2026-27', 0)).toThrow(RangeError);
  });
});

describe('invoicePrefixProblem', () => {
  it('accepts 1 to 6 letters, digits, hyphens and slashes, leaving 3 to 8 sequence digits', () => {
    for (const prefix of ['B', 'INV', 'BM-KA', 'BM/KA1'])
      expect(invoicePrefixProblem(prefix)).toBeUndefined();
    expect(invoiceSequenceDigits('B')).toBe(8);
    expect(invoiceSequenceDigits('BM/KA1')).toBe(3);
  });

  it('names the limit for a longer prefix, an empty one or other characters', () => {
    for (const prefix of ['INVOICE', '', 'INV_1', 'INV 1']) {
      expect(invoicePrefixProblem(prefix)).toContain("must be 1 to 6 letters, digits, '-' or '/'");
    }
    expect(invoicePrefixProblem('INVOICE')).toContain('16 characters of GST rule 46(b)');
  });
});
