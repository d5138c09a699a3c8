import { reportsActivePath } from '@bharatmart/core';
import type { DatabasePath, IDatabaseAdapter } from '@bharatmart/core';
import type { AppConfig } from '../config/app-config.js';
import { DATABASE_BACKENDS } from '../backends/database/index.js';
import { certificateFailureMessage, isCertificateFailure } from '../backends/tls-probe.js';
import { ConfigError } from '../config/config-error.js';
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
export function activeDatabasePath(db: IDatabaseAdapter): DatabasePath | undefined {
  return reportsActivePath(db) ? db.activePath() : undefined;
}

/**
 * The type of the database serving calls now: the fallback's while a failover pair runs on it, else
 * DATABASE_TYPE's (which a live switch's flip replaces with the NEXT_ database's).
 */
export function servingDatabaseType(
  db: IDatabaseAdapter,
  config: Pick<AppConfig, 'database' | 'databaseFallback'>,
): string {
  const fallback = config.databaseFallback;
  return fallback && activeDatabasePath(db) === 'fallback' ? fallback.type : config.database.type;
}

/**
 * Applies pending migrations and, for a failover pair, proves both sides reach the same database.
 * A pair whose sides read different database identities is refused with a ConfigError naming
 * DATABASE_FALLBACK_TYPE and both sides: the process must not start on it. A server certificate the
 * TLS settings refuse (wrong CA, host name it does not name) is a ConfigError naming the backend's CA
 * variable (`POSTGRES_CA_FILE`, …).
 */
export async function migrateConfiguredDatabase(
  db: IDatabaseAdapter,
  config: Pick<AppConfig, 'database' | 'databaseFallback'>,
): Promise<string[]> {
  try {
    return await db.migrations.latest();
  } catch (error) {
    if (isCertificateFailure(error)) throw refusedCertificate(error, config);
    // DatabasePairMismatchError of @bharatmart/database-failover (imported only with a fallback).
    if (!(error instanceof Error) || !('identities' in error) || !config.databaseFallback) throw error;
    throw new ConfigError([
      {
        variable: 'DATABASE_FALLBACK_TYPE',
        message:
          `${config.databaseFallback.type} does not reach the same database as DATABASE_TYPE=${config.database.type}: ` +
          error.message,
      },
    ]);
  }
}

/**
 * `error` as a ConfigError naming the database's CA variable (`POSTGRES_CA_FILE`, …) when it is a
 * server certificate the TLS settings refused (another CA, a host name it does not name); `error`
 * itself otherwise (also for a backend without such a variable, e.g. Supabase, whose URL carries its
 * TLS parameters). Startup uses it around the database's first contact.
 */
export function refusedCertificate(error: unknown, config: Pick<AppConfig, 'database'>): unknown {
  const caVariable = DATABASE_BACKENDS[config.database.type].tlsCaVariable;
  if (caVariable === undefined || !isCertificateFailure(error)) return error;
  return new ConfigError([
    {
      variable: caVariable,
      message: certificateFailureMessage(`the ${config.database.type} server`, error, caVariable),
    },
  ]);
}
