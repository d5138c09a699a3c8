import type { OutboxRepository } from '@bharatmart/core';
import { writeJobs } from './outbox-writer.js';
import { toOutboxEntry } from './row-mappers.js';
import type { OutboxStatus } from './schema.js';
import { toNumber, type SqlContext } from './sql-context.js';

/** The transactional outbox over `outbox`: pending -> dispatched -> completed. */
export function createOutboxRepository(ctx: SqlContext): OutboxRepository {
  const { db } = ctx;
  return {
    add: (jobs) => ctx.run(() => writeJobs(ctx, db, jobs)),

    pending: (limit) =>
      ctx.run(async () => {
        const rows = await db
          .selectFrom('outbox')
          .selectAll()
          .where('status', '=', 'pending')
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit)
          .execute();
        return rows.map(toOutboxEntry);
      }),

    backlog: () =>
      ctx.run(async () => {
        // One aggregate over the (status, created_at) index.
        const row = await db
          .selectFrom('outbox')
          .select((eb) => [
            eb.fn.countAll<number | string | bigint>().as('pending'),
            eb.fn.min('created_at').as('oldest'),
          ])
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow();
        const pending = toNumber(row.pending);
        return row.oldest === null ? { pending } : { pending, oldestPendingAt: row.oldest };
      }),

    markDispatched: (ids) =>
      ctx.run(async () => {
        if (ids.length === 0) return;
        // Only pending entries: a job may complete before the relay marks it dispatched.
        await db
          .updateTable('outbox')
          .set({ status: 'dispatched', updated_at: ctx.now() })
          .where('id', 'in', ids)
          .where('status', '=', 'pending')
          .execute();
      }),

    requeueUnfinished: () =>
      ctx.run(async () => {
        const result = await db
          .updateTable('outbox')
          .set({ status: 'pending', updated_at: ctx.now() })
          .where('status', '=', 'dispatched')
          .executeTakeFirst();
        return toNumber(result.numUpdatedRows);
      }),

    pruneRelayed: ({ createdBefore, limit, includeDispatched }) =>
      ctx.run(async () => {
        const statuses: OutboxStatus[] = includeDispatched ? ['completed', 'dispatched'] : ['completed'];
        // Ids first, then a delete by id: a bounded batch on every backend (MySQL refuses LIMIT in
        // an IN subquery). The delete checks the status again, so an entry requeued meanwhile stays.
        const doomed = await db
          .selectFrom('outbox')
          .select('id')
          .where('status', 'in', statuses)
          .where('created_at', '<', createdBefore)
          .orderBy('created_at')
          .limit(limit)
          .execute();
        if (doomed.length === 0) return 0;
        const result = await db
          .deleteFrom('outbox')
          .where(
            'id',
            'in',
            doomed.map((row) => row.id),
          )
          .where('status', 'in', statuses)
          .executeTakeFirst();
        return toNumber(result.numDeletedRows);
      }),

    markCompleted: (key) =>
      ctx.run(async () => {
        await db
          .updateTable('outbox')
          .set({ status: 'completed', updated_at: ctx.now() })
          .where('job_key', '=', key)
          .execute();
      }),
  };
}
