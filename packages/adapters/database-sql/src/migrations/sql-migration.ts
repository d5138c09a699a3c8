import type { Kysely } from 'kysely';
import type { SqlDialectFeatures } from '../dialect-features.js';

/**
 * One schema change, written once with Kysely's schema builder for every SQL backend. `features`
 * supplies the few column types without a portable spelling.
 */
export interface SqlMigration {
  /** Unique and sortable: migrations apply in name order. */
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
  up(db: Kysely<any>, features: SqlDialectFeatures): Promise<void>;
}
