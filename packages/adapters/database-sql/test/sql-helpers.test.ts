import { describe, expect, it } from '@jest/globals';
import { classifyPostgresError } from '../src/dialect-features.js';
import { quantitiesByProduct } from '../src/order-reads.js';
import { escapeLike, toNumber } from '../src/sql-context.js';

describe('classifyPostgresError', () => {
  it('maps SQLSTATEs and network failures', () => {
    expect(classifyPostgresError({ code: '23505' })).toBe('unique-violation');
    expect(classifyPostgresError({ code: '23503' })).toBe('foreign-key-violation');
    expect(classifyPostgresError({ code: '08006' })).toBe('unavailable');
    expect(classifyPostgresError({ code: '57P01' })).toBe('unavailable');
    expect(classifyPostgresError({ code: '57014' })).toBe('unavailable');
    expect(classifyPostgresError(new Error('Query read timeout'))).toBe('unavailable');
    expect(classifyPostgresError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(
      'unavailable',
    );
    expect(classifyPostgresError(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(classifyPostgresError({ code: '40P01' })).toBe('deadlock');
    expect(classifyPostgresError({ code: 'BMSW1' })).toBe('writes-paused');
    expect(classifyPostgresError({ code: '42P01' })).toBe('other');
    expect(classifyPostgresError('nope')).toBe('other');
  });
});

describe('toNumber', () => {
  it('accepts the integer shapes drivers return and refuses unsafe ones', () => {
    expect(toNumber('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(toNumber(12n)).toBe(12);
    expect(toNumber(7)).toBe(7);
    expect(() => toNumber('9007199254740993')).toThrow(RangeError);
  });
});

describe('escapeLike', () => {
  it('escapes wildcards and the escape character', () => {
    expect(escapeLike('100%_!x')).toBe('100!%!_!!x');
  });
});

describe('quantitiesByProduct', () => {
  it('sums repeated products and sorts by id (the lock order)', () => {
    expect(
      quantitiesByProduct([
        { productId: 'b', quantity: 1 },
        { productId: 'a', quantity: 2 },
        { productId: 'b', quantity: 3 },
      ]),
    ).toEqual([
      ['a', 2],
      ['b', 4],
    ]);
  });
});
