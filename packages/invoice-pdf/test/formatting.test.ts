import { describe, expect, it } from '@jest/globals';
import { formatRupees, indianDate } from '../src/index.js';

describe('formatRupees and indianDate', () => {
  it('groups digits the Indian way', () => {
    expect(formatRupees(0)).toBe('0.00');
    expect(formatRupees(5)).toBe('0.05');
    expect(formatRupees(99_999)).toBe('999.99');
    expect(formatRupees(1_23_456_78)).toBe('1,23,456.78');
    expect(formatRupees(12_34_56_789_00)).toBe('12,34,56,789.00');
  });

  it('dates in India time', () => {
    expect(indianDate('2027-03-31T18:29:59.000Z')).toBe('31-03-2027');
    expect(indianDate('2027-03-31T18:30:00.000Z')).toBe('01-04-2027');
  });
});
