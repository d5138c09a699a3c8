import type { IDatabaseAdapter } from '@bharatmart/core';
import type { DatabaseConfig } from '../config/app-config.js';
import { adapterNotAvailable } from './unavailable.js';

/** Loads the adapter package for `config.type` on first use and creates the database adapter. */
export async function createDatabase(
  config: DatabaseConfig,
  variable = 'DATABASE_TYPE',
): Promise<IDatabaseAdapter> {
  switch (config.type) {
    case 'pglite': {
      const { createPgliteDatabase } = await import('@bharatmart/database-pglite');
      return createPgliteDatabase({ dataDir: config.dataDir });
    }
    case 'postgresql':
    case 'supabase':
    case 'oci-autonomous':
    case 'mysql':
      throw adapterNotAvailable(variable, config.type, ['pglite']);
  }
}
