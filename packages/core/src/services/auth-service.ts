import { DomainError } from '../errors.js';
import type { User } from '../domain/types.js';
import { pendingJob } from '../jobs/job-types.js';
import type { IDatabaseAdapter } from '../ports/database.js';
import { hashPassword, passwordNeedsRehash, verifyPassword } from './passwords.js';

/** Hash (at the current cost) compared against when the email is unknown, so both failures take the same time. */
let dummyHash: Promise<string> | undefined;

/** Registration, credential checks and the bootstrap admin. Tokens are the HTTP layer's concern. */
export class AuthService {
  constructor(private readonly db: IDatabaseAdapter) {}

  /** Creates a customer and, in the same transaction, the welcome email job. EMAIL_TAKEN on reuse. */
  async register(input: { email: string; password: string; name: string }): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    return this.db.users.create(
      { email: input.email.trim().toLowerCase(), name: input.name.trim(), passwordHash, role: 'customer' },
      (userId) => [pendingJob('email.welcome', { userId }, userId)],
    );
  }

  /**
   * The user whose credentials these are; UNAUTHENTICATED with one message for every failure. A
   * stored hash weaker than the current cost is replaced by one at the current cost once the
   * password matched.
   */
  async login(email: string, password: string): Promise<User> {
    const user = await this.db.users.findByEmail(email.trim().toLowerCase());
    const valid = await verifyPassword(
      password,
      user?.passwordHash ?? (await (dummyHash ??= hashPassword('not-a-real-password'))),
    );
    if (!user || !valid) throw new DomainError('UNAUTHENTICATED', 'Invalid email or password');
    const { passwordHash, ...publicUser } = user;
    if (passwordNeedsRehash(passwordHash)) {
      await this.db.users.replacePasswordHash(user.id, {
        from: passwordHash,
        to: await hashPassword(password),
      });
    }
    return publicUser;
  }

  /**
   * Makes sure an admin with these credentials exists (the first admin, from the secrets provider),
   * its hash at the current cost.
   */
  async ensureAdmin(email: string, password: string): Promise<User> {
    const existing = await this.db.users.findByEmail(email.trim().toLowerCase());
    if (
      existing?.role === 'admin' &&
      !passwordNeedsRehash(existing.passwordHash) &&
      (await verifyPassword(password, existing.passwordHash))
    ) {
      const { passwordHash: _hash, ...publicUser } = existing;
      return publicUser;
    }
    return this.db.users.upsertAdmin({
      email: email.trim().toLowerCase(),
      name: 'Administrator',
      passwordHash: await hashPassword(password),
    });
  }

  /** The user with this id, or UNAUTHENTICATED (a token for a deleted user is no longer valid). */
  async userById(id: string): Promise<User> {
    const user = await this.db.users.get(id);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Unknown user');
    return user;
  }
}
