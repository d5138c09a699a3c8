import { DomainError, type UserRepository } from '@bharatmart/core';
import { writeJobs } from './outbox-writer.js';
import { toUser, toUserWithCredentials } from './row-mappers.js';
import type { SqlContext } from './sql-context.js';

/** The key every email is stored and compared under: unique case-insensitively. */
export function normalizeEmail(email: string): string {
  return email.toLowerCase();
}

/** Users over the `users` table; emails are unique case-insensitively (`EMAIL_TAKEN`). */
export function createUserRepository(ctx: SqlContext): UserRepository {
  const { db } = ctx;

  const findRow = (email: string) =>
    db
      .selectFrom('users')
      .selectAll()
      .where('email_normalized', '=', normalizeEmail(email))
      .executeTakeFirst();

  return {
    create: (user, jobs) =>
      ctx.run(async () => {
        const row = {
          id: ctx.newId(),
          email: user.email,
          email_normalized: normalizeEmail(user.email),
          name: user.name,
          password_hash: user.passwordHash,
          role: user.role,
          created_at: ctx.now(),
        };
        await db.transaction().execute(async (trx) => {
          try {
            await trx.insertInto('users').values(row).execute();
          } catch (error) {
            if (ctx.classify(error) !== 'unique-violation') throw error;
            throw new DomainError('EMAIL_TAKEN', 'this email is already registered', undefined, {
              cause: error,
            });
          }
          await writeJobs(ctx, trx, jobs?.(row.id) ?? []);
        });
        return toUser(row);
      }),

    get: (id) =>
      ctx.run(async () => {
        const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toUser(row);
      }),

    findByEmail: (email) =>
      ctx.run(async () => {
        const row = await findRow(email);
        return row && toUserWithCredentials(row);
      }),

    upsertAdmin: (user) =>
      ctx.run(async () => {
        // Update first, insert when absent; a concurrent insert of the same email makes ours clash,
        // and the next round updates the row that won.
        for (let attempt = 0; ; attempt++) {
          const updated = await db
            .updateTable('users')
            .set({ role: 'admin', password_hash: user.passwordHash })
            .where('email_normalized', '=', normalizeEmail(user.email))
            .executeTakeFirst();
          if (updated.numUpdatedRows > 0n) {
            const row = await findRow(user.email);
            if (row) return toUser(row);
          }
          const row = {
            id: ctx.newId(),
            email: user.email,
            email_normalized: normalizeEmail(user.email),
            name: user.name,
            password_hash: user.passwordHash,
            role: 'admin' as const,
            created_at: ctx.now(),
          };
          try {
            await db.insertInto('users').values(row).execute();
            return toUser(row);
          } catch (error) {
            if (ctx.classify(error) !== 'unique-violation' || attempt >= 2) throw error;
          }
        }
      }),

    replacePasswordHash: (id, change) =>
      ctx.run(async () => {
        const result = await db
          .updateTable('users')
          .set({ password_hash: change.to })
          .where('id', '=', id)
          .where('password_hash', '=', change.from)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      }),
  };
}
