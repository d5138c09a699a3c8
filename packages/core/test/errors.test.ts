import { describe, expect, it } from '@jest/globals';
import { AdapterError, DomainError, isAdapterError, isDomainError } from '../src/errors.js';

describe('isDomainError', () => {
  it('matches by code and rejects other errors', () => {
    const error = new DomainError('NOT_FOUND', 'no such product');
    expect(isDomainError(error, 'NOT_FOUND')).toBe(true);
    expect(isDomainError(error, 'CONFLICT')).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});

describe('isAdapterError', () => {
  it('matches an AdapterError by code, any code when none is given', () => {
    const error = new AdapterError('redis', 'TIMEOUT', 'no answer');
    expect(isAdapterError(error)).toBe(true);
    expect(isAdapterError(error, 'UNAVAILABLE', 'TIMEOUT')).toBe(true);
    expect(isAdapterError(error, 'UNAVAILABLE')).toBe(false);
  });

  it('recognises one built by another copy of core, by its name and code', () => {
    const foreign = Object.assign(new Error('[redis] down'), { name: 'AdapterError', code: 'UNAVAILABLE' });
    expect(isAdapterError(foreign, 'UNAVAILABLE')).toBe(true);
  });

  it('rejects other errors and values', () => {
    for (const other of [
      new Error('x'),
      new DomainError('NOT_FOUND', 'gone'),
      'AdapterError',
      null,
      undefined,
    ]) {
      expect(isAdapterError(other)).toBe(false);
    }
  });
});
