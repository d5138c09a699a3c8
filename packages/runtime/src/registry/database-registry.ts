import type { IDatabaseAdapter, ISecretsProvider, Logger } from '@bharatmart/core';
import { readBackendSecrets } from '../backends/backend-secrets.js';
import type { DatabaseDependencies as DescriptorDependencies } from '../backends/database/database-dependencies.js';
import { DATABASE_BACKENDS } from '../backends/database/index.js';
import type { PortBackend } from '../backends/descriptor.js';
import { loadBackend } from '../backends/load-backend.js';
import type { DatabaseConfig } from '../config/app-config.js';

export interface DatabaseDependencies {
  /** Where the secrets its descriptor declares are read from (POSTGRES_PASSWORD, OCI_DB_PASSWORD, …). */
  secrets: ISecretsProvider;
  logger: Logger;
  /** The variable that chose this database, named in errors. Default DATABASE_TYPE. */
  variable?: string;
  /** Enforce the secrets required in production (a missing one stops startup, naming it). */
  requirePasswords?: boolean;
}

/** The descriptor of a DATABASE_TYPE, with its configuration type widened to the union. */
function databaseBackend(
  type: DatabaseConfig['type'],
): PortBackend<DatabaseConfig, IDatabaseAdapter, DescriptorDependencies> {
  return DATABASE_BACKENDS[type] as PortBackend<DatabaseConfig, IDatabaseAdapter, DescriptorDependencies>;
}

/**
 * Loads the adapter package for `config.type` on first use and creates the database adapter. The
 * secrets its descriptor declares come from the secrets provider, never from the configuration; a
 * required one that no provider holds, or a package that is not installed, stops it naming the cause.
 */
export async function createDatabase(
  config: DatabaseConfig,
  deps: DatabaseDependencies,
): Promise<IDatabaseAdapter> {
  const backend = databaseBackend(config.type);
  const variable = deps.variable ?? 'DATABASE_TYPE';
  const choice = { variable, because: `${variable}=${config.type}` };
  const module: unknown = await loadBackend(backend, choice);
  const secretValues = await readBackendSecrets(backend, config, deps.secrets, {
    because: choice.because,
    production: deps.requirePasswords ?? false,
  });
  const logger = deps.logger.child({ component: 'database', database: config.type });
  return backend.create(module, config, { secrets: deps.secrets, secretValues, logger });
}
