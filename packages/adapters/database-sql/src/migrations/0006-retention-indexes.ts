import type { SqlMigration } from './sql-migration.js';

/**
 * Lets the pruning job (`order.prune-records`) find idempotency keys past their retention without
 * reading every key. Outbox entries are found through `outbox_status_idx` (status, created_at).
 */
export const retentionIndexesMigration: SqlMigration = {
  name: '0006-retention-indexes',
  async up(db) {
    await db.schema
      .createIndex('order_idempotency_keys_created_idx')
      .on('order_idempotency_keys')
      .column('created_at')
      .execute();
  },
};
