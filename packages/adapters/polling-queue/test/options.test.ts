import { resolvePollingQueueOptions } from '../src/options.js';

describe('resolvePollingQueueOptions', () => {
  it('applies the defaults', () => {
    expect(resolvePollingQueueOptions({}, 20)).toEqual({
      visibilityTimeoutSeconds: 30,
      waitTimeSeconds: 20,
      attempts: 5,
      backoff: { type: 'exponential', delayMs: 1000 },
      logger: undefined,
    });
  });

  it('keeps valid settings, copying the backoff', () => {
    const defaultBackoff = { type: 'fixed', delayMs: 0 } as const;
    const resolved = resolvePollingQueueOptions(
      { visibilityTimeoutSeconds: 43_200, waitTimeSeconds: 0, defaultAttempts: 1, defaultBackoff },
      30,
    );
    expect(resolved).toMatchObject({ visibilityTimeoutSeconds: 43_200, waitTimeSeconds: 0, attempts: 1 });
    expect(resolved.backoff).toEqual(defaultBackoff);
    expect(resolved.backoff).not.toBe(defaultBackoff);
  });

  it.each([
    ['visibilityTimeoutSeconds', { visibilityTimeoutSeconds: 0 }],
    ['visibilityTimeoutSeconds', { visibilityTimeoutSeconds: 43_201 }],
    ['visibilityTimeoutSeconds', { visibilityTimeoutSeconds: 1.5 }],
    ['waitTimeSeconds', { waitTimeSeconds: -1 }],
    ['waitTimeSeconds', { waitTimeSeconds: 21 }],
    ['defaultAttempts', { defaultAttempts: 0 }],
    ['defaultBackoff', { defaultBackoff: { type: 'linear', delayMs: 10 } }],
    ['defaultBackoff', { defaultBackoff: { type: 'fixed', delayMs: -1 } }],
    ['defaultBackoff', { defaultBackoff: { type: 'fixed', delayMs: Number.POSITIVE_INFINITY } }],
  ])('throws a RangeError naming %s when it is invalid', (what, options) => {
    expect(() => resolvePollingQueueOptions(options as never, 20)).toThrow(
      expect.objectContaining({ name: 'RangeError', message: expect.stringContaining(what) }),
    );
  });

  it('allows long polls up to the given maximum', () => {
    expect(resolvePollingQueueOptions({ waitTimeSeconds: 30 }, 30).waitTimeSeconds).toBe(30);
    expect(() => resolvePollingQueueOptions({ waitTimeSeconds: 31 }, 30)).toThrow(RangeError);
  });
});
