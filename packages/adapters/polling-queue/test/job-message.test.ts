import { formatJobMessage, parseJobMessage, toFailedJob } from '../src/job-message.js';
import type { FailureRecord, JobMessage } from '../src/job-message.js';

const job: JobMessage = {
  id: 'job-1',
  name: 'payment.charge',
  payload: { orderId: 'o-1' },
  attempts: 3,
  backoff: { type: 'fixed', delayMs: 500 },
};
const fallback: FailureRecord = {
  error: 'moved by the broker',
  attempts: 9,
  failedAt: '2025-01-01T00:00:00.000Z',
};

describe('job message codec', () => {
  it('reads back what it writes, carriers and failure records included', () => {
    const failure: FailureRecord = { error: 'boom', attempts: 2, failedAt: '2025-02-03T04:05:06.000Z' };
    for (const message of [job, { ...job, runAt: 1_700_000_000_000 }, { ...job, failure }]) {
      expect(parseJobMessage(formatJobMessage(message))).toEqual(message);
    }
  });

  it('drops fields that are undefined, so a job sent again is no carrier', () => {
    const body = formatJobMessage({ ...job, runAt: undefined, failure: undefined });
    expect(parseJobMessage(body)).toEqual(job);
    expect(body).not.toContain('runAt');
  });

  it.each([
    ['no body', undefined],
    ['not JSON', '{"id":'],
    ['not an object', '["job-1"]'],
    ['null', 'null'],
    ['no id', JSON.stringify({ ...job, id: 7 })],
    ['no attempts', JSON.stringify({ ...job, attempts: '3' })],
    ['an unknown job name', JSON.stringify({ ...job, name: 'email.spam' })],
    ['no backoff', JSON.stringify({ ...job, backoff: undefined })],
  ])('reads a body with %s as not one of ours', (_what, body) => {
    expect(parseJobMessage(body)).toBeUndefined();
  });

  it("shows a failed job with its own failure record, else with the fallback's fields", () => {
    const failure: FailureRecord = { error: 'declined', attempts: 1, failedAt: '2025-03-04T05:06:07.000Z' };
    const base = { id: 'job-1', name: 'payment.charge', queue: 'payment', payload: { orderId: 'o-1' } };
    expect(toFailedJob({ ...job, failure }, fallback)).toEqual({ ...base, ...failure });
    expect(toFailedJob(job, fallback)).toEqual({ ...base, ...fallback });
  });
});
