import { initialMigration } from './0001-initial.js';
import { ordersByStatusMigration } from './0002-orders-by-status.js';
import { productSearchTrigramsMigration } from './0003-product-search-trigrams.js';
import type { SqlMigration } from './sql-migration.js';

export type { SqlMigration } from './sql-migration.js';

/** Every migration of the schema, in the order they apply. Append; never edit an applied one. */
export const sqlMigrations: readonly SqlMigration[] = [
  initialMigration,
  ordersByStatusMigration,
  productSearchTrigramsMigration,
];
