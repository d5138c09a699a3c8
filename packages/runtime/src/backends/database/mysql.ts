import { isIP } from 'node:net';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { caFile, readCaFile } from '../tls-variables.js';
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
    MYSQL_CA_FILE: variable(
      caFile(),
      "PEM file of the CA that signed the MySQL server's certificate: every connection uses TLS, verifying the certificate and that it names the host",
    ),
  },
  tlsCaVariable: 'MYSQL_CA_FILE',
  resolve(values, context) {
    const host = values.MYSQL_URL ? urlHost(values.MYSQL_URL) : values.MYSQL_HOST;
    if (values.MYSQL_CA_FILE && host !== undefined && isIP(host) !== 0)
      context.problem(
        values.MYSQL_URL ? 'MYSQL_URL' : 'MYSQL_HOST',
        `MYSQL_CA_FILE needs the server's host name, not the IP address ${host} (the MySQL driver would check the certificate against "localhost")`,
      );
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
      ...(values.MYSQL_CA_FILE ? { caFile: values.MYSQL_CA_FILE } : {}),
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
    const pool = {
      poolMax: config.poolMax,
      connectTimeoutMs: config.connectTimeoutMs,
      ...(config.caFile === undefined ? {} : { tlsCa: readCaFile(config.caFile) }),
      logger: deps.logger,
    };
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

/** The host of a `mysql://` URL, IPv6 brackets removed (undefined for an unparseable URL). */
function urlHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}
