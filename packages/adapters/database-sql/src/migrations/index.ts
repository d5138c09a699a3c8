import { initialMigration } from './0001-initial.js';
import { ordersByStatusMigration } from './0002-orders-by-status.js';
import { productSearchTrigramsMigration } from './0003-product-search-trigrams.js';
import { databaseIdentityMigration } from './0004-database-identity.js';
import { invoiceSequencesMigration } from './0005-invoice-sequences.js';
import { retentionIndexesMigration } from './0006-retention-indexes.js';
import { gstInvoicesMigration } from './0007-gst-invoices.js';
import { productSearchIndexMigration } from './0008-product-search-index.js';
import { productSearchOracleTextMigration } from './0009-product-search-oracle-text.js';
import type { SqlMigration } from './sql-migration.js';

export type { SqlMigration } from './sql-migration.js';

/** Every migration of the schema, in the order they apply. Append; never edit an applied one. */
export const sqlMigrations: readonly SqlMigration[] = [
  initialMigration,
  ordersByStatusMigration,
  productSearchTrigramsMigration,
  databaseIdentityMigration,
  invoiceSequencesMigration,
  retentionIndexesMigration,
  gstInvoicesMigration,
  productSearchIndexMigration,
  productSearchOracleTextMigration,
];
