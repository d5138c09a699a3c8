import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  formatInr,
  hashPassword,
  passwordNeedsRehash,
  pendingJob,
  queueOf,
  verifyPassword,
} from '../src/index.js';

/** The salt and key of `password` under scrypt at this cost, base64, as hashes store them. */
function scryptParts(password: string, N: number, r: number, p: number): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 64, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  return `${salt.toString('base64')}$${key.toString('base64')}`;
}

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time, at the OWASP cost', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
    expect(first).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/);
    expect(passwordNeedsRehash(first)).toBe(false);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('correct horsf', first)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });

  it('still verifies hashes of the old format and of a weaker cost, and marks them for rehashing', async () => {
    const legacy = `scrypt$16384$${scryptParts('correct horse', 2 ** 14, 8, 1)}`;
    const weaker = `scrypt$16384$8$1$${scryptParts('correct horse', 2 ** 14, 8, 1)}`;
    for (const stored of [legacy, weaker]) {
      expect(await verifyPassword('correct horse', stored)).toBe(true);
      expect(await verifyPassword('correct horsf', stored)).toBe(false);
      expect(passwordNeedsRehash(stored)).toBe(true);
    }
  });

  it('rejects a hash whose parameter string was tampered with', async () => {
    const parts = scryptParts('correct horse', 2 ** 14, 8, 1);
    expect(await verifyPassword('correct horse', `scrypt$16384$8$1$${parts}`)).toBe(true);
    const tampered = [
      `scrypt$32768$8$1$${parts}`,
      `scrypt$16384$9$1$${parts}`,
      `scrypt$16384$8$2$${parts}`,
      `scrypt$016384$8$1$${parts}`,
      `scrypt$+16384$8$1$${parts}`,
      `scrypt$16384.0$8$1$${parts}`,
      `scrypt$1.6384e4$8$1$${parts}`,
      `scrypt$ 16384$8$1$${parts}`,
      `scrypt$0x4000$8$1$${parts}`,
      `scrypt$16385$8$1$${parts}`,
      `scrypt$16384$08$1$${parts}`,
      `scrypt$16384$8$1$0$${parts}`,
      `scrypt$16384$8$${parts}`,
      `scrypt$32768$${parts}`,
      `Scrypt$16384$8$1$${parts}`,
      `scrypt$16384$8$1$${parts.replace('==$', '$')}`,
      `scrypt$16384$8$1$${parts}AA`,
    ];
    for (const stored of tampered) {
      await expect(verifyPassword('correct horse', stored)).resolves.toBe(false);
    }
  });

  it('refuses, without computing it, a stored hash asking for more work than the bounds allow', async () => {
    const overBounds = [
      `scrypt$1024$32$1$${scryptParts('correct horse', 2 ** 10, 32, 1)}`,
      `scrypt$1024$8$3$${scryptParts('correct horse', 2 ** 10, 8, 3)}`,
      `scrypt$524288$2$1$${scryptParts('correct horse', 2 ** 19, 2, 1)}`,
    ];
    const hostile = [
      `scrypt$1073741824$8$1$${scryptParts('x', 2, 1, 1)}`,
      `scrypt$131072$1024$1$${scryptParts('x', 2, 1, 1)}`,
      `scrypt$131072$1$1$${scryptParts('x', 2, 1, 1)}`,
      `scrypt$262144$16$1$${scryptParts('x', 2, 1, 1)}`,
      `scrypt$131072$8$999999999$${scryptParts('x', 2, 1, 1)}`,
    ];
    for (const stored of [...overBounds, ...hostile]) {
      await expect(verifyPassword('correct horse', stored)).resolves.toBe(false);
    }
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
