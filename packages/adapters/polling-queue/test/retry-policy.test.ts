import { PermanentJobError } from '@bharatmart/core';
import type { JobMessage } from '../src/job-message.js';
import { backoffSeconds, hideSeconds, judgeFailedTry } from '../src/retry-policy.js';

const job: JobMessage = {
  id: 'job-1',
  name: 'order.invoice',
  payload: {},
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 1500 },
};

describe('backoffSeconds and hideSeconds', () => {
  it('wait delayMs every time for a fixed backoff, rounded up to whole seconds', () => {
    expect([1, 2, 5].map((n) => backoffSeconds({ type: 'fixed', delayMs: 1001 }, n))).toEqual([2, 2, 2]);
    expect(backoffSeconds({ type: 'fixed', delayMs: 0 }, 1)).toBe(0);
  });

  it('double the wait per failed try for an exponential backoff', () => {
    const waits = [1, 2, 3, 4].map((n) => backoffSeconds({ type: 'exponential', delayMs: 1000 }, n));
    expect(waits).toEqual([1, 2, 4, 8]);
  });

  it('never hide a message longer than the queues allow', () => {
    expect(backoffSeconds({ type: 'exponential', delayMs: 1000 }, 40)).toBe(43_000);
    expect(hideSeconds(1)).toBe(1);
    expect(hideSeconds(100 * 86_400_000)).toBe(43_000);
  });
});

describe('judgeFailedTry', () => {
  it('retries after the backoff while attempts remain', () => {
    expect(judgeFailedTry(job, 2, new Error('flaky'))).toEqual({
      retry: true,
      error: 'flaky',
      hideSeconds: 3,
    });
  });

  it('fails the job once its attempts are used up', () => {
    expect(judgeFailedTry(job, 3, new Error('still down'))).toEqual({
      retry: false,
      error: 'still down',
      permanent: false,
    });
  });

  it('fails the job at once on a PermanentJobError, also one from another copy of core', () => {
    const foreign = Object.assign(new Error('card declined'), { name: 'PermanentJobError' });
    for (const error of [new PermanentJobError('card declined'), foreign]) {
      expect(judgeFailedTry(job, 1, error)).toEqual({
        retry: false,
        error: 'card declined',
        permanent: true,
      });
    }
  });

  it('records whatever was thrown that is not an Error as text', () => {
    expect(judgeFailedTry(job, 1, 'nope')).toMatchObject({ retry: true, error: 'nope' });
    expect(judgeFailedTry(job, 3, undefined)).toMatchObject({ retry: false, error: 'undefined' });
  });
});
