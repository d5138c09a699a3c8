import type { IDatabaseAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { caFile, readCaFile } from '../tls-variables.js';
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
    POSTGRES_SSL: variable(
      flag(false),
      'connect to PostgreSQL with TLS, verifying its certificate against the system CAs',
    ),
    POSTGRES_CA_FILE: variable(
      caFile(),
      "PEM file of the CA that signed the PostgreSQL server's certificate: TLS with `sslmode=verify-full` against it (the certificate must name the host); a URL `sslmode` that allows plaintext is refused with it",
    ),
  },
  tlsCaVariable: 'POSTGRES_CA_FILE',
  resolve(values, context) {
    const sslmode = values.DATABASE_URL ? urlSslMode(values.DATABASE_URL) : undefined;
    if (values.POSTGRES_CA_FILE && sslmode !== undefined && !VERIFYING_SSL_MODES.has(sslmode))
      context.problem(
        'DATABASE_URL',
        `sslmode=${sslmode} would allow an unverified or plaintext connection while POSTGRES_CA_FILE is set; remove it or use verify-full`,
      );
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
      ...(values.POSTGRES_CA_FILE ? { caFile: values.POSTGRES_CA_FILE } : {}),
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
      ...(config.caFile === undefined ? {} : { tlsCa: readCaFile(config.caFile) }),
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

/** The `sslmode` modes that verify the certificate, so they may stand beside POSTGRES_CA_FILE. */
const VERIFYING_SSL_MODES = new Set(['require', 'verify-ca', 'verify-full']);

/** The `sslmode` of a PostgreSQL URL, if it names one (undefined also for an unparseable URL). */
function urlSslMode(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('sslmode') ?? undefined;
  } catch {
    return undefined;
  }
}
