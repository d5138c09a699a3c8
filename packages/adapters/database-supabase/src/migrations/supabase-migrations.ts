import { broadShortTermsMigration } from './broad-short-terms.js';
import { gstInvoiceNumbersMigration } from './gst-invoice-numbers.js';
import { gstInvoicesMigration } from './gst-invoices.js';
import { invoiceNumbersAndRetentionMigration } from './invoice-numbers-and-retention.js';
import { pendingOrderCapMigration } from './pending-order-cap.js';
import { rowLevelSecurityMigration } from './row-level-security.js';
import { searchIndexesMigration } from './search-indexes.js';
import { shortTermSearchMigration } from './short-term-search.js';
import type { SupabaseMigration } from './supabase-migration.js';
import { writeFunctionsMigration } from './write-functions.js';

export type { SupabaseMigration } from './supabase-migration.js';

/** The Supabase adapter's migrations, applied after the shared ones, in order. Append; never edit an applied one. */
export const supabaseMigrations: readonly SupabaseMigration[] = [
  rowLevelSecurityMigration,
  writeFunctionsMigration,
  pendingOrderCapMigration,
  searchIndexesMigration,
  invoiceNumbersAndRetentionMigration,
  gstInvoicesMigration,
  shortTermSearchMigration,
  gstInvoiceNumbersMigration,
  broadShortTermsMigration,
];
