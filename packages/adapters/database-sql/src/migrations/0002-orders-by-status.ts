import type { SqlMigration } from './sql-migration.js';

/** Lets the scheduled sweeps find orders awaiting payment without reading every old order. */
export const ordersByStatusMigration: SqlMigration = {
  name: '0002-orders-by-status',
  async up(db) {
    await db.schema
      .createIndex('orders_status_created_idx')
      .on('orders')
      .columns(['status', 'created_at'])
      .execute();
  },
};
