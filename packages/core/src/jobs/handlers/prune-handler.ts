import type { JobHandler } from '../../ports/worker.js';
import type { JobDependencies } from './job-dependencies.js';

/** Rows deleted per statement: each delete stays short, whatever has piled up. */
const PRUNE_BATCH = 500;
/** Batches one run deletes at most per kind of record; whatever remains waits for the next run. */
const PRUNE_ROUNDS = 20;

/**
 * Deletes relayed outbox entries older than OUTBOX_RETENTION_DAYS (never a pending one) and order
 * idempotency keys older than IDEMPOTENCY_KEY_RETENTION_HOURS, in batches of PRUNE_BATCH, at most
 * PRUNE_ROUNDS batches of each per run. Runs that overlap delete disjoint or already-deleted rows,
 * so they are harmless.
 */
export function pruneRecordsHandler(deps: JobDependencies): JobHandler<'order.prune-records'> {
  return async () => {
    const { outboxRetentionDays, idempotencyKeyRetentionHours, pruneDispatched } = deps.retention;
    const outbox = await inBatches((limit) =>
      deps.db.outbox.pruneRelayed({
        createdBefore: hoursAgo(outboxRetentionDays * 24),
        limit,
        includeDispatched: pruneDispatched,
      }),
    );
    const idempotencyKeys = await inBatches((limit) =>
      deps.db.orders.pruneIdempotencyKeys({ createdBefore: hoursAgo(idempotencyKeyRetentionHours), limit }),
    );
    if (outbox.deleted + idempotencyKeys.deleted > 0) {
      deps.logger.info(
        { outbox: outbox.deleted, idempotencyKeys: idempotencyKeys.deleted },
        'pruned records past their retention',
      );
    }
    if (outbox.more || idempotencyKeys.more) {
      deps.logger.warn(
        {},
        'more records are past their retention than one run prunes; the next run continues',
      );
    }
  };
}

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString();

/** Calls `prune` with PRUNE_BATCH until a batch comes back short or PRUNE_ROUNDS ran. */
async function inBatches(
  prune: (limit: number) => Promise<number>,
): Promise<{ deleted: number; more: boolean }> {
  let deleted = 0;
  for (let round = 0; round < PRUNE_ROUNDS; round++) {
    const batch = await prune(PRUNE_BATCH);
    deleted += batch;
    if (batch < PRUNE_BATCH) return { deleted, more: false };
  }
  return { deleted, more: true };
}
