import { describe, expect, it } from '@jest/globals';
import { financialYearOf, formatInvoiceNumber } from '../src/domain/invoice-numbers.js';

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
  it('pads the sequence to 6 digits and keeps every digit beyond', () => {
    expect(formatInvoiceNumber('2026-27', 1)).toBe('INV/2026-27/000001');
    expect(formatInvoiceNumber('2026-27', 1_234_567)).toBe('INV/2026-27/1234567');
    expect(formatInvoiceNumber('2026-27', 42, 'BM-KA')).toBe('BM-KA/2026-27/000042');
  });
});
