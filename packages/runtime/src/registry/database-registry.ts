import type { IDatabaseAdapter, ISecretsProvider, Logger } from '@bharatmart/core';
import type { DatabaseConfig } from '../config/app-config.js';
import { ConfigError } from '../config/config-error.js';
import { SECRET_NAMES } from '../config/env-schema.js';

export interface DatabaseDependencies {
  /** Where database passwords are read from (POSTGRES_PASSWORD, MYSQL_PASSWORD, OCI_DB_PASSWORD). */
  secrets: ISecretsProvider;
  logger: Logger;
  /** The variable that chose this database, named in errors. Default DATABASE_TYPE. */
  variable?: string;
  /** Stop when a database password is found nowhere (production), instead of connecting without one. */
  requirePasswords?: boolean;
}

/** A password secret; with `required`, its absence stops startup naming it. */
async function passwordSecret(
  deps: DatabaseDependencies,
  name: string,
  type: string,
): Promise<string | undefined> {
  const value = await deps.secrets.get(name);
  if (value === undefined && deps.requirePasswords) {
    throw new ConfigError([
      {
        variable: name,
        message: `is required for DATABASE_TYPE=${type} in production and was found in no secrets provider`,
      },
    ]);
  }
  return value;
}

/**
 * Loads the adapter package for `config.type` on first use and creates the database adapter.
 * Passwords come from the secrets provider, never from the configuration.
 */
export async function createDatabase(
  config: DatabaseConfig,
  deps: DatabaseDependencies,
): Promise<IDatabaseAdapter> {
  const logger = deps.logger.child({ component: 'database', database: config.type });
  switch (config.type) {
    case 'pglite': {
      const { createPgliteDatabase } = await import('@bharatmart/database-pglite');
      return createPgliteDatabase({ dataDir: config.dataDir });
    }
    case 'postgresql': {
      const { createPostgresDatabase } = await import('@bharatmart/database-postgres');
      const pool = {
        ssl: config.ssl,
        poolMax: config.poolMax,
        connectionTimeoutMs: config.connectTimeoutMs,
        statementTimeoutMs: config.statementTimeoutMs,
        logger,
      };
      if (config.url) return createPostgresDatabase({ connectionString: config.url, ...pool });
      await passwordSecret(deps, SECRET_NAMES.postgresPassword, config.type);
      const password = async () => (await deps.secrets.get(SECRET_NAMES.postgresPassword)) ?? '';
      return createPostgresDatabase({
        host: config.host ?? '',
        port: config.port,
        database: config.database ?? '',
        user: config.user ?? '',
        password,
        ...pool,
      });
    }
    case 'mysql': {
      const { createMysqlDatabase } = await import('@bharatmart/database-mysql');
      const pool = { poolMax: config.poolMax, connectTimeoutMs: config.connectTimeoutMs, logger };
      if (config.url) return createMysqlDatabase({ uri: config.url, ...pool });
      const password = await passwordSecret(deps, SECRET_NAMES.mysqlPassword, config.type);
      return createMysqlDatabase({
        host: config.host ?? '',
        port: config.port,
        database: config.database ?? '',
        user: config.user ?? '',
        ...(password === undefined ? {} : { password }),
        ...pool,
      });
    }
    case 'supabase': {
      const serviceRoleKey = await deps.secrets.get(SECRET_NAMES.supabaseServiceRoleKey);
      if (!serviceRoleKey) {
        throw new ConfigError([
          {
            variable: SECRET_NAMES.supabaseServiceRoleKey,
            message: 'is required for DATABASE_TYPE=supabase and was found in no secrets provider',
          },
        ]);
      }
      if (!config.dbUrl) {
        throw new ConfigError([
          {
            variable: 'SUPABASE_DB_URL',
            message: 'is required for DATABASE_TYPE=supabase (migrations run over it)',
          },
        ]);
      }
      const { createSupabaseDatabase } = await import('@bharatmart/database-supabase');
      return createSupabaseDatabase({ url: config.url, serviceRoleKey, dbUrl: config.dbUrl, logger });
    }
    case 'oci-autonomous': {
      // Oracle takes no connection without a password, so it is required in every environment.
      const password = await deps.secrets.get(SECRET_NAMES.oracleDbPassword);
      if (!password) {
        throw new ConfigError([
          {
            variable: SECRET_NAMES.oracleDbPassword,
            message: 'is required for DATABASE_TYPE=oci-autonomous and was found in no secrets provider',
          },
        ]);
      }
      const walletPassword = await deps.secrets.get(SECRET_NAMES.oracleWalletPassword);
      const { createOracleDatabase } = await import('@bharatmart/database-oracle');
      return createOracleDatabase({
        connectString: config.connectionString,
        user: config.user,
        password,
        walletDir: config.walletDir,
        walletPassword,
        poolMax: config.poolMax,
        connectTimeoutMs: config.connectTimeoutMs,
        statementTimeoutMs: config.statementTimeoutMs,
        logger,
      });
    }
  }
}
