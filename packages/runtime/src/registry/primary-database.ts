import type { IDatabaseAdapter } from '@bharatmart/core';
import type { AppConfig } from '../config/app-config.js';
import type { DatabaseDependencies } from './database-registry.js';
import { createDatabase } from './database-registry.js';

/**
 * The database the process runs on: DATABASE_TYPE alone, or — with DATABASE_FALLBACK_TYPE — a
 * failover pair that moves calls to the fallback when the primary is unreachable and back when a
 * probe finds it again (see @bharatmart/database-failover).
 */
export async function createConfiguredDatabase(
  config: Pick<AppConfig, 'database' | 'databaseFallback'>,
  deps: Omit<DatabaseDependencies, 'variable'>,
): Promise<IDatabaseAdapter> {
  const primary = await createDatabase(config.database, deps);
  if (!config.databaseFallback) return primary;
  try {
    const fallback = await createDatabase(config.databaseFallback, {
      ...deps,
      variable: 'DATABASE_FALLBACK_TYPE',
    });
    const { createFailoverDatabase } = await import('@bharatmart/database-failover');
    return createFailoverDatabase({
      primary,
      fallback,
      logger: deps.logger.child({ component: 'failover' }),
    });
  } catch (error) {
    await primary.close();
    throw error;
  }
}

/** Which side of a failover pair serves now; undefined for a single database. */
export function activeDatabasePath(db: IDatabaseAdapter): 'primary' | 'fallback' | undefined {
  const candidate = db as IDatabaseAdapter & { activePath?: () => 'primary' | 'fallback' };
  return typeof candidate.activePath === 'function' ? candidate.activePath() : undefined;
}
