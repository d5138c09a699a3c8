import type { ISecretsProvider } from '@bharatmart/core';
import { DATABASE_BACKENDS } from '../backends/database/index.js';
import type { PortBackend } from '../backends/descriptor.js';
import { parseBackend } from '../backends/parse-backend.js';
import type { DatabaseConfig } from '../config/app-config.js';
import { ConfigError } from '../config/config-error.js';

/** The prefix of the variables that configure a live switch's target database. */
export const NEXT_PREFIX = 'NEXT_';

/**
 * The target of a live database switch, from `NEXT_DATABASE_TYPE` and the NEXT_-prefixed copies of
 * that backend's variables (`NEXT_MYSQL_URL` is read as `MYSQL_URL` is, by the same descriptor);
 * undefined when NEXT_DATABASE_TYPE is not set. Nothing is inherited from the current database's
 * variables, so a forgotten NEXT_ setting can never point the switch back at the source. Errors name
 * the NEXT_ variables.
 */
export function nextDatabaseConfig(env: Record<string, string | undefined>): DatabaseConfig | undefined {
  const variable = `${NEXT_PREFIX}DATABASE_TYPE`;
  const type = env[variable]?.trim();
  if (!type) return undefined;
  if (!(type in DATABASE_BACKENDS)) {
    throw new ConfigError([
      { variable, message: `'${type}' is not one of: ${Object.keys(DATABASE_BACKENDS).join(', ')}` },
    ]);
  }
  const backend = DATABASE_BACKENDS[type as keyof typeof DATABASE_BACKENDS] as PortBackend<
    DatabaseConfig,
    unknown,
    never
  >;
  const parsed = parseBackend(backend, env, { because: `${variable}=${type}`, prefix: NEXT_PREFIX });
  if (parsed.issues.length > 0) throw new ConfigError(parsed.issues);
  return parsed.config;
}

/** The secrets of the NEXT_ database: `NEXT_POSTGRES_PASSWORD` where the current one reads `POSTGRES_PASSWORD`. */
export function nextSecrets(secrets: ISecretsProvider): ISecretsProvider {
  const prefixed = (name: string) => `${NEXT_PREFIX}${name}`;
  return {
    name: secrets.name,
    get: (name) => secrets.get(prefixed(name)),
    getMany: async (names) => {
      const found = await secrets.getMany(names.map(prefixed));
      return Object.fromEntries(
        names.flatMap((name) => {
          const value = found[prefixed(name)];
          return value === undefined ? [] : [[name, value]];
        }),
      );
    },
    health: () => secrets.health(),
    close: async () => undefined,
  };
}
