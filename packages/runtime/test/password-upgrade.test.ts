import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Container } from '../src/index.js';
import { testContainer } from './support.js';

/** A hash in the format written before the parameters were stored: scrypt N=2^14, r=8, p=1. */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 64, { N: 2 ** 14, r: 8, p: 1 });
  return `scrypt$16384$${salt.toString('base64')}$${key.toString('base64')}`;
}

const CURRENT_FORMAT = /^scrypt\$131072\$8\$1\$/;

describe('password hashes are upgraded on the database when a login proves the password', () => {
  let container: Container;
  beforeAll(async () => {
    container = await testContainer({ WORKER_MODE: 'none', SEED_DEMO_DATA: 'false' });
  });
  afterAll(async () => {
    await container?.close(1000);
  });

  it('a customer with an old-format hash logs in, and the stored hash moves to the current cost', async () => {
    const email = `legacy-${randomBytes(4).toString('hex')}@example.in`;
    const stored = legacyHash('long enough pw');
    const user = await container.db.users.create({
      email,
      name: 'Legacy',
      passwordHash: stored,
      role: 'customer',
    });

    await expect(container.auth.login(email, 'wrong password')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect((await container.db.users.findByEmail(email))?.passwordHash).toBe(stored);

    await expect(container.auth.login(email, 'long enough pw')).resolves.toEqual(user);
    const upgraded = (await container.db.users.findByEmail(email))?.passwordHash;
    expect(upgraded).toMatch(CURRENT_FORMAT);
    await expect(container.auth.login(email, 'long enough pw')).resolves.toEqual(user);
    expect((await container.db.users.findByEmail(email))?.passwordHash).toBe(upgraded);
  });

  it('the bootstrap admin with an old-format hash gets a hash at the current cost at startup', async () => {
    const email = 'admin@runtime.test';
    const admin = await container.db.users.findByEmail(email);
    if (!admin) throw new Error('the container created no admin');
    const stored = legacyHash('runtime-admin-password');
    expect(
      await container.db.users.replacePasswordHash(admin.id, { from: admin.passwordHash, to: stored }),
    ).toBe(true);

    await container.auth.ensureAdmin(email, 'runtime-admin-password');
    expect((await container.db.users.findByEmail(email))?.passwordHash).toMatch(CURRENT_FORMAT);
  });
});
