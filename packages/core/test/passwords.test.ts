import { describe, expect, it } from '@jest/globals';
import { formatInr, hashPassword, pendingJob, queueOf, verifyPassword } from '../src/index.js';

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('correct horsf', first)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });
});

describe('jobs', () => {
  it('keys a pending job by name and subject without colons, and knows its queue', () => {
    expect(pendingJob('payment.charge', { orderId: 'o1' }, 'o1')).toEqual({
      name: 'payment.charge',
      payload: { orderId: 'o1' },
      key: 'payment.charge@o1',
    });
    expect(pendingJob('payment.verify', { orderId: 'o1' }, 'o1', 500).delayMs).toBe(500);
    expect(() => pendingJob('email.low-stock', { productId: 'p' }, 'p:o1')).toThrow(RangeError);
    expect(queueOf('email.order-confirmation')).toBe('email');
    expect(queueOf('order.invoice')).toBe('order');
  });
});

describe('formatInr', () => {
  it('formats paise as rupees with Indian digit grouping', () => {
    expect(formatInr(12_345_678)).toBe('₹1,23,456.78');
    expect(formatInr(59_900)).toBe('₹599.00');
  });
});
