import type { SqlMigration } from './sql-migration.js';

/**
 * One counter row per Indian financial year (`2026-27`): the last invoice number issued in it. An
 * invoice increments its year's row in the transaction that inserts it, so numbers are unique and
 * gap-free per year (see InvoiceRepository.createOnce).
 */
export const invoiceSequencesMigration: SqlMigration = {
  name: '0005-invoice-sequences',
  async up(db) {
    await db.schema
      .createTable('invoice_sequences')
      .addColumn('financial_year', 'varchar(16)', (c) => c.primaryKey())
      .addColumn('last_number', 'integer', (c) => c.notNull())
      .execute();
  },
};
