import { sql } from 'kysely';
import type { EmailRepository } from '@bharatmart/core';
import { insertIgnoring } from './insert-ignoring.js';
import { toEmail } from './row-mappers.js';
import type { SqlContext } from './sql-context.js';

/** Sent emails over `emails`, deduplicated by `dedupe_key`. */
export function createEmailRepository(ctx: SqlContext): EmailRepository {
  const { db } = ctx;
  const byDedupeKey = (dedupeKey: string) =>
    db.selectFrom('emails').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();

  return {
    record: (email) =>
      ctx.run(async () => {
        const id = ctx.newId();
        await insertIgnoring(
          ctx,
          db,
          'emails',
          [
            {
              id,
              recipient: email.to,
              subject: email.subject,
              body: email.body,
              template: email.template,
              dedupe_key: email.dedupeKey,
              transport: email.transport,
              sent_at: ctx.now(),
            },
          ],
          'dedupe_key',
        );
        return (await byDedupeKey(email.dedupeKey))?.id === id;
      }),

    findByDedupeKey: (dedupeKey) =>
      ctx.run(async () => {
        const row = await byDedupeKey(dedupeKey);
        return row && toEmail(row);
      }),

    list: (query) =>
      ctx.run(async () => {
        let builder = db.selectFrom('emails').selectAll();
        if (query.to !== undefined) {
          const to = query.to.toLowerCase();
          builder = builder.where((eb) => eb(sql<string>`lower(${eb.ref('recipient')})`, '=', to));
        }
        const rows = await builder
          .orderBy('sent_at', 'desc')
          .orderBy('id', 'desc')
          .limit(query.limit)
          .execute();
        return rows.map(toEmail);
      }),
  };
}
