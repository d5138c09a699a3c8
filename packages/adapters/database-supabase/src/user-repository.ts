import { DomainError, type UserRepository } from '@bharatmart/core';
import { jobsArgument } from './function-arguments.js';
import { toUser, toUserWithCredentials, type UserRow } from './rows.js';
import { isUniqueViolation, type SupabaseContext } from './supabase-context.js';

/** The key every email is stored and compared under: unique case-insensitively. */
function normalizeEmail(email: string): string {
  return email.toLowerCase();
}

/** Users over `users`; creation with its jobs is the `bharatmart_create_user` function (one transaction). */
export function createUserRepository(ctx: SupabaseContext): UserRepository {
  const users = () => ctx.client.from('users');

  const findRow = async (email: string) =>
    (
      await ctx.result<UserRow | null>(
        users().select('*').eq('email_normalized', normalizeEmail(email)).maybeSingle(),
      )
    ).data;

  return {
    create: (user, jobs) =>
      ctx.run(async () => {
        const row: UserRow = {
          id: ctx.newId(),
          email: user.email,
          email_normalized: normalizeEmail(user.email),
          name: user.name,
          password_hash: user.passwordHash,
          role: user.role,
          created_at: ctx.now(),
        };
        try {
          await ctx.result(
            ctx.client.rpc('bharatmart_create_user', {
              p_user: row,
              p_jobs: jobsArgument(jobs?.(row.id) ?? []),
              p_now: row.created_at,
            }),
          );
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new DomainError('EMAIL_TAKEN', 'this email is already registered', undefined, {
            cause: error,
          });
        }
        return toUser(row);
      }),

    get: (id) =>
      ctx.run(async () => {
        const { data } = await ctx.result<UserRow | null>(users().select('*').eq('id', id).maybeSingle());
        return data ? toUser(data) : undefined;
      }),

    findByEmail: (email) =>
      ctx.run(async () => {
        const row = await findRow(email);
        return row ? toUserWithCredentials(row) : undefined;
      }),

    upsertAdmin: (user) =>
      ctx.run(async () => {
        // Update first, insert when absent; a concurrent insert of the same email makes ours clash,
        // and the next round updates the row that won.
        for (let attempt = 0; ; attempt++) {
          const { data: updated } = await ctx.result<UserRow[]>(
            users()
              .update({ role: 'admin', password_hash: user.passwordHash })
              .eq('email_normalized', normalizeEmail(user.email))
              .select('*'),
          );
          if (updated[0]) return toUser(updated[0]);
          const row: UserRow = {
            id: ctx.newId(),
            email: user.email,
            email_normalized: normalizeEmail(user.email),
            name: user.name,
            password_hash: user.passwordHash,
            role: 'admin',
            created_at: ctx.now(),
          };
          try {
            await ctx.result(users().insert(row));
            return toUser(row);
          } catch (error) {
            if (!isUniqueViolation(error) || attempt >= 2) throw error;
          }
        }
      }),

    replacePasswordHash: (id, change) =>
      ctx.run(async () => {
        const { data: replaced } = await ctx.result<Pick<UserRow, 'id'>[]>(
          users()
            .update({ password_hash: change.to })
            .eq('id', id)
            .eq('password_hash', change.from)
            .select('id'),
        );
        return replaced.length > 0;
      }),
  };
}
