import type { OutboxRepository } from '@bharatmart/core';
import { jobsArgument } from './function-arguments.js';
import { toOutboxEntry, type OutboxRow } from './rows.js';
import type { SupabaseContext } from './supabase-context.js';

/** The transactional outbox over `outbox`: pending -> dispatched -> completed. */
export function createOutboxRepository(ctx: SupabaseContext): OutboxRepository {
  const outbox = () => ctx.client.from('outbox');
  return {
    add: (jobs) =>
      ctx.run(async () => {
        if (jobs.length === 0) return;
        const now = ctx.now();
        const rows: OutboxRow[] = jobsArgument(jobs).map((job) => ({
          id: ctx.newId(),
          job_key: job.key,
          name: job.name,
          payload: job.payload,
          delay_ms: job.delayMs ?? null,
          status: 'pending',
          created_at: now,
          updated_at: now,
        }));
        // A key already in the outbox is skipped: the key is the job's identity.
        await ctx.result(outbox().upsert(rows, { onConflict: 'job_key', ignoreDuplicates: true }));
      }),

    pending: (limit) =>
      ctx.run(async () => {
        const { data } = await ctx.result<OutboxRow[]>(
          outbox().select('*').eq('status', 'pending').order('created_at').order('id').limit(limit),
        );
        return data.map(toOutboxEntry);
      }),

    backlog: () =>
      ctx.run(async () => {
        // The oldest pending entry and, in the same request, how many are pending.
        const { data, count } = await ctx.result<Pick<OutboxRow, 'created_at'>[]>(
          outbox()
            .select('created_at', { count: 'exact' })
            .eq('status', 'pending')
            .order('created_at')
            .limit(1),
        );
        const oldest = data[0]?.created_at;
        return oldest === undefined
          ? { pending: count ?? 0 }
          : { pending: count ?? 0, oldestPendingAt: oldest };
      }),

    markDispatched: (ids) =>
      ctx.run(async () => {
        if (ids.length === 0) return;
        // Only pending entries: a job may complete before the relay marks it dispatched.
        await ctx.result(
          outbox()
            .update({ status: 'dispatched', updated_at: ctx.now() })
            .in('id', ids)
            .eq('status', 'pending'),
        );
      }),

    requeueUnfinished: () =>
      ctx.run(async () => {
        const { count } = await ctx.result(
          outbox()
            .update({ status: 'pending', updated_at: ctx.now() }, { count: 'exact' })
            .eq('status', 'dispatched'),
        );
        return count ?? 0;
      }),

    pruneRelayed: ({ createdBefore, limit, includeDispatched }) =>
      ctx.run(async () => {
        const { data } = await ctx.result<number>(
          ctx.client.rpc('bharatmart_prune_outbox', {
            p_created_before: createdBefore,
            p_include_dispatched: includeDispatched,
            p_limit: limit,
          }),
        );
        return data;
      }),

    markCompleted: (key) =>
      ctx.run(async () => {
        await ctx.result(outbox().update({ status: 'completed', updated_at: ctx.now() }).eq('job_key', key));
      }),
  };
}
