import { describe, expect, it } from '@jest/globals';
import {
  MAX_TIMER_MS,
  assertBackoff,
  assertJobName,
  enqueueDelayMs,
  stopTimeoutMs,
  wholeNumber,
} from '../src/kit/job-options.js';
import { PermanentJobError, isPermanentJobError } from '../src/ports/worker.js';

describe('wholeNumber', () => {
  it('returns whole numbers in range', () => {
    expect(wholeNumber(3, 1, 'n', 3)).toBe(3);
    expect(wholeNumber(0, 0, 'retainFailed')).toBe(0);
  });

  it('names what it rejects and the range', () => {
    expect(() => wholeNumber(Number.NaN, 1, 'concurrency')).toThrow(
      /^concurrency must be a whole number ≥ 1, got NaN$/,
    );
    expect(() => wholeNumber(1.5, 1, 'attempts')).toThrow(RangeError);
    expect(() => wholeNumber(21, 0, 'waitTimeSeconds', 20)).toThrow(
      /^waitTimeSeconds must be a whole number from 0 to 20, got 21$/,
    );
  });
});

describe('assertBackoff', () => {
  it('accepts known types with a finite delay ≥ 0', () => {
    expect(() => assertBackoff({ type: 'exponential', delayMs: 0 }, 'b')).not.toThrow();
    expect(() => assertBackoff({ type: 'fixed', delayMs: 250 }, 'b')).not.toThrow();
  });

  it.each([
    { type: 'linear', delayMs: 10 },
    { type: 'fixed', delayMs: -1 },
    { type: 'fixed', delayMs: Number.NaN },
    { type: 'exponential', delayMs: Number.POSITIVE_INFINITY },
  ])('rejects %o, naming the option', (backoff) => {
    expect(() => assertBackoff(backoff as never, 'backoff')).toThrow(/^backoff must be/);
  });
});

describe('assertJobName', () => {
  it('accepts a job name and rejects anything else with a TypeError', () => {
    expect(() => assertJobName('email.welcome')).not.toThrow();
    expect(() => assertJobName('email.spam')).toThrow(new TypeError('unknown job name: email.spam'));
  });
});

describe('enqueueDelayMs', () => {
  it('defaults to 0 and keeps a finite delay ≥ 0', () => {
    expect(enqueueDelayMs({})).toBe(0);
    expect(enqueueDelayMs({ delayMs: 1500 })).toBe(1500);
  });

  it('rejects a negative or non-finite delay', () => {
    for (const delayMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => enqueueDelayMs({ delayMs })).toThrow(/^delayMs must be a finite number ≥ 0/);
    }
  });
});

describe('stopTimeoutMs', () => {
  it('defaults to 30 s and keeps the wait within what a timer accepts', () => {
    expect(stopTimeoutMs({})).toBe(30_000);
    expect(stopTimeoutMs({ timeoutMs: -5 })).toBe(0);
    expect(stopTimeoutMs({ timeoutMs: Number.MAX_SAFE_INTEGER })).toBe(MAX_TIMER_MS);
  });
});

describe('isPermanentJobError', () => {
  it('recognises a PermanentJobError, also one from another copy of core', () => {
    const foreign = Object.assign(new Error('card declined'), { name: 'PermanentJobError' });
    expect(isPermanentJobError(new PermanentJobError('card declined'))).toBe(true);
    expect(isPermanentJobError(foreign)).toBe(true);
  });

  it('rejects other errors and values', () => {
    for (const other of [new Error('flaky'), 'PermanentJobError', null, undefined]) {
      expect(isPermanentJobError(other)).toBe(false);
    }
  });
});
