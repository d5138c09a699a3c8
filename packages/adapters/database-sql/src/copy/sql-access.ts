import type { Kysely } from 'kysely';
import type { IDatabaseAdapter } from '@bharatmart/core';
import type { SqlDialectFeatures } from '../dialect-features.js';
import type { Database } from '../schema.js';
import type { AnyTables } from './table-rows.js';

/**
 * Row-level access to the tables behind an SQL adapter, for tools that work on whole tables
 * (`db:copy`) rather than through the domain's repositories. The domain never uses it.
 */
export interface SqlAccess {
  /** The adapter's own Kysely instance; closing the adapter destroys it. */
  readonly db: Kysely<Database>;
  /** The backend's dialect features (how to upsert, which column types). */
  readonly features: SqlDialectFeatures;
}

/** The capability every adapter built by `createSqlDatabase` has, beyond IDatabaseAdapter. */
export interface SqlAccessible {
  readonly sqlAccess: SqlAccess;
}

/**
 * True when `adapter` offers SqlAccess (every adapter built on `createSqlDatabase`: pglite,
 * postgresql, mysql). Checks the shape, never the class, so adapters built by another copy of this
 * package qualify as well.
 */
export function hasSqlAccess(adapter: IDatabaseAdapter): adapter is IDatabaseAdapter & SqlAccessible {
  const access = (adapter as Partial<SqlAccessible>).sqlAccess;
  return (
    typeof access === 'object' &&
    access !== null &&
    typeof access.db?.selectFrom === 'function' &&
    typeof access.features?.insertIgnore === 'string'
  );
}

/** The tables behind `access` seen as the copy sees them: any table by name, any column. */
export function anyTables(access: SqlAccess): Kysely<AnyTables> {
  return access.db as unknown as Kysely<AnyTables>;
}
