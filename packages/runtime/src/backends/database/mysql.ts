import type { IDatabaseAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { int, text, variable } from '../variable-kinds.js';
import type { DatabaseDependencies } from './database-dependencies.js';
import { poolConfig, poolVariables } from './pool-variables.js';

const PASSWORD = 'MYSQL_PASSWORD';

/** DATABASE_TYPE=mysql: a MySQL or MariaDB server, by URL or by its parts. */
export const mysql = defineBackend({
  name: 'mysql',
  package: '@bharatmart/database-mysql',
  summary: 'a MySQL or MariaDB server',
  engine: 'mysql',
  variables: {
    ...poolVariables,
    MYSQL_URL: variable(text(), 'MySQL connection URL (instead of the MYSQL_* parts)', { credential: true }),
    MYSQL_HOST: variable(text(), 'MySQL host (required for `mysql` without `MYSQL_URL`)'),
    MYSQL_PORT: variable(int(3306, 1, 65535), 'MySQL port'),
    MYSQL_DATABASE: variable(text(), 'MySQL database'),
    MYSQL_USER: variable(text(), 'MySQL user'),
  },
  resolve(values, context) {
    if (!values.MYSQL_URL) {
      for (const part of ['MYSQL_HOST', 'MYSQL_DATABASE', 'MYSQL_USER'])
        context.need(part, ' and MYSQL_URL is not set');
    }
    return {
      type: 'mysql' as const,
      ...(values.MYSQL_URL ? { url: values.MYSQL_URL } : {}),
      ...(values.MYSQL_HOST ? { host: values.MYSQL_HOST } : {}),
      port: values.MYSQL_PORT,
      ...(values.MYSQL_DATABASE ? { database: values.MYSQL_DATABASE } : {}),
      ...(values.MYSQL_USER ? { user: values.MYSQL_USER } : {}),
      ...poolConfig(values),
    };
  },
  secrets: [
    {
      name: PASSWORD,
      doc: 'MySQL password when connecting with the MYSQL_* parts',
      required: 'production',
      when: (config) => config.url === undefined,
    },
  ],
  load: () => import('@bharatmart/database-mysql'),
  async create(module, config, deps: DatabaseDependencies): Promise<IDatabaseAdapter> {
    const pool = { poolMax: config.poolMax, connectTimeoutMs: config.connectTimeoutMs, logger: deps.logger };
    if (config.url) return module.createMysqlDatabase({ uri: config.url, ...pool });
    const password = deps.secretValues[PASSWORD];
    return module.createMysqlDatabase({
      host: config.host ?? '',
      port: config.port,
      database: config.database ?? '',
      user: config.user ?? '',
      ...(password === undefined ? {} : { password }),
      ...pool,
    });
  },
});
