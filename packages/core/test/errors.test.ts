import { describe, expect, it } from '@jest/globals';
import { DomainError, isDomainError } from '../src/errors.js';

describe('isDomainError', () => {
  it('matches by code and rejects other errors', () => {
    const error = new DomainError('NOT_FOUND', 'no such product');
    expect(isDomainError(error, 'NOT_FOUND')).toBe(true);
    expect(isDomainError(error, 'CONFLICT')).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});
