import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect } from 'kysely';
import { AdapterError, type IDatabaseAdapter } from '@bharatmart/core';
import { createSqlDatabase, postgresFeatures, type Database } from '@bharatmart/database-sql';
import { DEFAULT_TEMPLATE_DIR, openMemoryCluster } from './memory-cluster.js';

/** The in-memory data directory: nothing survives `close()`. */
export const PGLITE_MEMORY = 'memory://';

/**
 * The PostgreSQL extensions the schema uses (pg_trgm for the product search indexes), which PGlite
 * loads only when asked: anything else that opens the same data directory must pass them too.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

export interface PgliteDatabaseOptions {
  /** Directory holding the database files (created if missing), or `memory://`. */
  dataDir: string;
  /**
   * Where a `memory://` database keeps the pristine cluster it starts from (see `openMemoryCluster`).
   * Default: `~/.cache/bharatmart/pglite`.
   */
  templateDir?: string;
}

/**
 * An IDatabaseAdapter named `pglite` on embedded PostgreSQL (PGlite, WASM, in this process).
 * Opens the database on first use; an open that fails is retried by the next call. PGlite is one
 * session, so Kysely's PGlite dialect (a PostgresAdapter that declares no multiple connections)
 * holds a mutex from connection acquire to release: a transaction owns the session until it
 * commits or rolls back, and concurrent transactions run one after another.
 */
export function createPgliteDatabase(options: PgliteDatabaseOptions): IDatabaseAdapter {
  const { dataDir } = options;
  const open = async (): Promise<PGlite> => {
    try {
      if (dataDir === PGLITE_MEMORY)
        return await openMemoryCluster(PGLITE_EXTENSIONS, options.templateDir ?? DEFAULT_TEMPLATE_DIR);
      await mkdir(dataDir, { recursive: true });
      return await PGlite.create(dataDir, { extensions: PGLITE_EXTENSIONS });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AdapterError('pglite', 'UNAVAILABLE', `cannot open the database in ${dataDir}: ${reason}`, {
        cause: error,
      });
    }
  };
  // Kysely's driver calls `open` on the first query, memoises it, and calls it again after a failure.
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: open }) });
  return createSqlDatabase({ name: 'pglite', db, features: postgresFeatures });
}
