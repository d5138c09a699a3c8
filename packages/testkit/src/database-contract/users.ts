import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { PendingJob } from '@bharatmart/core';
import type { DatabaseFixtures } from './fixtures.js';

/** UserRepository: create with jobs, EMAIL_TAKEN, case-insensitive lookup, upsertAdmin, hash replacement. */
export function describeUserContract(fx: DatabaseFixtures): void {
  const { run, unique, newUser, pendingKeys, job } = fx;
  describe('users', () => {
    it('creates a user without exposing the password hash, and reads it by id', async () => {
      const user = await newUser();
      expect(user).toEqual({
        id: expect.any(String),
        email: user.email,
        name: 'Test User',
        role: 'customer',
        createdAt: expect.any(String),
      });
      await expect(fx.db.users.get(user.id)).resolves.toEqual(user);
      await expect(fx.db.users.get(randomUUID())).resolves.toBeUndefined();
    });

    it('finds by email case-insensitively, with the password hash', async () => {
      const user = await newUser();
      await expect(fx.db.users.findByEmail(user.email.toUpperCase())).resolves.toEqual({
        ...user,
        passwordHash: 'hash',
      });
      await expect(fx.db.users.findByEmail(`nobody-${run}@example.test`)).resolves.toBeUndefined();
    });

    it('raises EMAIL_TAKEN for an email already used in another case, and writes none of its jobs', async () => {
      const user = await newUser();
      const welcome = job('welcome');
      const duplicate = fx.db.users.create(
        { email: user.email.toUpperCase(), name: 'Other', passwordHash: 'x', role: 'customer' },
        () => [welcome],
      );
      await expect(duplicate).rejects.toMatchObject({ name: 'DomainError', code: 'EMAIL_TAKEN' });
      expect(await pendingKeys()).not.toContain(welcome.key);
    });

    it('writes the jobs built from the new user id to the outbox with the user', async () => {
      const key = unique('welcome');
      const jobs = (userId: string): PendingJob[] => [{ name: 'email.welcome', payload: { userId }, key }];
      const user = await fx.db.users.create(
        { email: `${unique('jobs')}@example.test`, name: 'J', passwordHash: 'h', role: 'customer' },
        jobs,
      );
      const entry = (await fx.db.outbox.pending(100_000)).find((pending) => pending.key === key);
      expect(entry).toMatchObject({ name: 'email.welcome', payload: { userId: user.id } });
    });

    it('upsertAdmin creates an absent admin, then promotes and re-keys an existing user', async () => {
      const email = `${unique('admin')}@example.test`;
      const created = await fx.db.users.upsertAdmin({ email, name: 'Admin', passwordHash: 'first' });
      expect(created).toMatchObject({ email, name: 'Admin', role: 'admin' });
      const customer = await newUser();
      const promoted = await fx.db.users.upsertAdmin({
        email: customer.email.toUpperCase(),
        name: 'Ignored',
        passwordHash: 'second',
      });
      expect(promoted).toMatchObject({ id: customer.id, role: 'admin' });
      await expect(fx.db.users.findByEmail(customer.email)).resolves.toMatchObject({
        role: 'admin',
        passwordHash: 'second',
      });
      await expect(
        fx.db.users.upsertAdmin({ email, name: 'Admin', passwordHash: 'third' }),
      ).resolves.toMatchObject({ id: created.id });
    });

    it('replacePasswordHash replaces the hash only while it is still the expected one', async () => {
      const user = await newUser();
      const other = await newUser();
      const stronger = `scrypt$131072$8$1$${unique('salt')}$key`;
      await expect(
        fx.db.users.replacePasswordHash(user.id, { from: 'not-the-hash', to: stronger }),
      ).resolves.toBe(false);
      await expect(
        fx.db.users.replacePasswordHash(randomUUID(), { from: 'hash', to: stronger }),
      ).resolves.toBe(false);
      await expect(fx.db.users.findByEmail(user.email)).resolves.toMatchObject({ passwordHash: 'hash' });

      await expect(fx.db.users.replacePasswordHash(user.id, { from: 'hash', to: stronger })).resolves.toBe(
        true,
      );
      await expect(fx.db.users.findByEmail(user.email)).resolves.toEqual({ ...user, passwordHash: stronger });
      await expect(fx.db.users.findByEmail(other.email)).resolves.toMatchObject({ passwordHash: 'hash' });
      await expect(fx.db.users.replacePasswordHash(user.id, { from: 'hash', to: 'third' })).resolves.toBe(
        false,
      );
      await expect(fx.db.users.findByEmail(user.email)).resolves.toMatchObject({ passwordHash: stronger });
    });
  });
}
