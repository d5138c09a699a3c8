import type { IDatabaseAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { flag, int, text, variable } from '../variable-kinds.js';
import type { DatabaseDependencies } from './database-dependencies.js';
import { poolConfig, poolVariables } from './pool-variables.js';

const PASSWORD = 'POSTGRES_PASSWORD';

/** DATABASE_TYPE=postgresql: a PostgreSQL server, by URL or by its parts. */
export const postgresql = defineBackend({
  name: 'postgresql',
  package: '@bharatmart/database-postgres',
  summary: 'a PostgreSQL server',
  engine: 'postgresql',
  variables: {
    ...poolVariables,
    DATABASE_URL: variable(text(), 'PostgreSQL connection URL (instead of the POSTGRES_* parts)', {
      credential: true,
    }),
    POSTGRES_HOST: variable(text(), 'PostgreSQL host (required for `postgresql` without `DATABASE_URL`)'),
    POSTGRES_PORT: variable(int(5432, 1, 65535), 'PostgreSQL port'),
    POSTGRES_DB: variable(text(), 'PostgreSQL database'),
    POSTGRES_USER: variable(text(), 'PostgreSQL user'),
    POSTGRES_SSL: variable(flag(false), 'connect to PostgreSQL with TLS'),
  },
  resolve(values, context) {
    if (!values.DATABASE_URL) {
      for (const part of ['POSTGRES_HOST', 'POSTGRES_DB', 'POSTGRES_USER'])
        context.need(part, ' and DATABASE_URL is not set');
    }
    return {
      type: 'postgresql' as const,
      ...(values.DATABASE_URL ? { url: values.DATABASE_URL } : {}),
      ...(values.POSTGRES_HOST ? { host: values.POSTGRES_HOST } : {}),
      port: values.POSTGRES_PORT,
      ...(values.POSTGRES_DB ? { database: values.POSTGRES_DB } : {}),
      ...(values.POSTGRES_USER ? { user: values.POSTGRES_USER } : {}),
      ssl: values.POSTGRES_SSL,
      ...poolConfig(values),
    };
  },
  secrets: [
    {
      name: PASSWORD,
      doc: 'PostgreSQL password when connecting with the POSTGRES_* parts (read again for every new connection, so rotation needs no restart)',
      required: 'production',
      when: (config) => config.url === undefined,
    },
  ],
  load: () => import('@bharatmart/database-postgres'),
  async create(module, config, deps: DatabaseDependencies): Promise<IDatabaseAdapter> {
    const pool = {
      ssl: config.ssl,
      poolMax: config.poolMax,
      connectionTimeoutMs: config.connectTimeoutMs,
      statementTimeoutMs: config.statementTimeoutMs,
      logger: deps.logger,
    };
    if (config.url) return module.createPostgresDatabase({ connectionString: config.url, ...pool });
    return module.createPostgresDatabase({
      host: config.host ?? '',
      port: config.port,
      database: config.database ?? '',
      user: config.user ?? '',
      password: async () => (await deps.secrets.get(PASSWORD)) ?? '',
      ...pool,
    });
  },
});
