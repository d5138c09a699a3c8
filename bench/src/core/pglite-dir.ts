import { PGlite } from '@electric-sql/pglite';
import { createPgliteDatabase, PGLITE_EXTENSIONS } from '@bharatmart/database-pglite';
import type { Execute } from './seed.js';

/**
 * Migrates the PGlite data directory `dir` through the adapter, then runs `seed` on it through PGlite
 * itself (one session, so the adapter is closed first), and closes both, also when either fails.
 * Returns what `seed` returned.
 */
export async function seedPgliteDir<T>(dir: string, seed: (execute: Execute) => Promise<T>): Promise<T> {
  const migrator = createPgliteDatabase({ dataDir: dir });
  try {
    await migrator.migrations.latest();
  } finally {
    await migrator.close();
  }
  const lite = await PGlite.create(dir, { extensions: PGLITE_EXTENSIONS });
  try {
    return await seed((sql, params) => lite.query(sql, params));
  } finally {
    await lite.close();
  }
}
