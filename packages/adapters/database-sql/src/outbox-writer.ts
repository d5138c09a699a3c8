import type { Kysely } from 'kysely';
import type { PendingJob } from '@bharatmart/core';
import { insertIgnoring } from './insert-ignoring.js';
import type { Database } from './schema.js';
import type { SqlContext } from './sql-context.js';

/**
 * Writes `jobs` to the outbox as pending, through `db` (pass the transaction of the change that
 * produced them). A job whose key is already in the outbox is skipped: the key is its identity.
 */
export async function writeJobs(
  ctx: SqlContext,
  db: Kysely<Database>,
  jobs: readonly PendingJob[],
): Promise<void> {
  const now = ctx.now();
  const byKey = new Map(jobs.map((job) => [job.key, job]));
  const rows = [...byKey.values()].map((job) => ({
    id: ctx.newId(),
    job_key: job.key,
    name: job.name,
    payload: JSON.stringify(job.payload),
    delay_ms: job.delayMs ?? null,
    status: 'pending' as const,
    created_at: now,
    updated_at: now,
  }));
  await insertIgnoring(ctx, db, 'outbox', rows, 'job_key');
}
