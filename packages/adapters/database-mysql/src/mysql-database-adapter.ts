import { Kysely, type LogEvent, type MysqlPool } from 'kysely';
import { createPool, type Pool, type PoolOptions } from 'mysql2';
import { isIP } from 'node:net';
import { AdapterError, type IDatabaseAdapter, type Logger } from '@bharatmart/core';
import { createSqlDatabase, type Database } from '@bharatmart/database-sql';
import { createMysqlDialect } from './mysql-dialect.js';
import { classifyMysqlError, mysqlFeatures } from './mysql-features.js';
import { MysqlTableOptionsPlugin } from './mysql-table-options.js';

/** Where the server is: a URL, or its parts. */
export type MysqlTarget =
  | {
      /** `mysql://user:password@host:port/database`; the URL carries the password, if any. */
      uri: string;
    }
  | {
      host: string;
      /** Default 3306. */
      port?: number;
      database: string;
      user: string;
      /** Read from the secrets provider by the caller; never logged. */
      password?: string;
    };

/** The server and how to use it; nothing is read from the environment. */
export type MysqlDatabaseOptions = MysqlTarget & {
  /** Most connections the pool opens; further queries wait for a free one. Default 10. */
  poolMax?: number;
  /** Milliseconds to connect and finish the handshake before the call fails UNAVAILABLE. Default 5000. */
  connectTimeoutMs?: number;
  /**
   * PEM of the CA(s) the server's certificate must chain to: every connection uses TLS, verifies the
   * certificate and that it names the host connected to, and never continues in plaintext. The host
   * must then be a name: mysql2 checks an IP address against `localhost` instead, so one is refused
   * (AdapterError `MISCONFIGURED`).
   */
  tlsCa?: string;
  /** Receives failed connections and queries: `warn` when the server is unreachable, else `debug`. */
  logger?: Logger;
};

/**
 * An IDatabaseAdapter named `mysql` on MySQL 8 or MariaDB 10.5+ through a mysql2 pool, on the
 * shared SQL implementation. Connects on first use; an unreachable server fails each call with
 * AdapterError `UNAVAILABLE` after at most `connectTimeoutMs`, and the next call tries again.
 */
export function createMysqlDatabase(options: MysqlDatabaseOptions): IDatabaseAdapter {
  if (options.tlsCa !== undefined && isIP(mysqlHost(options)) !== 0)
    throw new AdapterError(
      'mysql',
      'MISCONFIGURED',
      `tlsCa needs the server's host name, not the IP address ${mysqlHost(options)}: mysql2 would check the certificate against "localhost"`,
    );
  const target: PoolOptions =
    'uri' in options
      ? { uri: options.uri }
      : {
          host: options.host,
          port: options.port ?? 3306,
          database: options.database,
          user: options.user,
          password: options.password,
        };
  const pool = createPool({
    ...target,
    connectionLimit: options.poolMax ?? 10,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    ...(options.tlsCa === undefined
      ? {}
      : { ssl: { ca: options.tlsCa, rejectUnauthorized: true, verifyIdentity: true } }),
    // The collation our tables use, so literals compare like the columns they meet.
    charset: 'utf8mb4_bin',
    // BIGINT (money, counts) as a number while it is exactly representable, as a string beyond,
    // where the row mappers refuse it instead of silently rounding.
    supportBigNumbers: true,
    bigNumberStrings: false,
    // Affected rows count the rows matched, not only those changed: a conditional UPDATE that
    // matches reports 1 even when it writes the values already stored.
    flags: ['FOUND_ROWS'],
  });
  const { logger } = options;
  const db = new Kysely<Database>({
    dialect: createMysqlDialect(logger ? reportingPool(pool, logger) : pool),
    plugins: [new MysqlTableOptionsPlugin()],
    ...(logger && { log: (event: LogEvent) => logQueryFailure(logger, event) }),
  });
  return createSqlDatabase({ name: 'mysql', db, features: mysqlFeatures });
}

/** The host the options name, brackets of an IPv6 literal removed. */
function mysqlHost(options: MysqlTarget): string {
  const host = 'uri' in options ? new URL(options.uri).hostname : options.host;
  return host.replace(/^\[|\]$/g, '');
}

/** The pool as Kysely uses it, reporting connections that cannot be opened. */
function reportingPool(pool: Pool, logger: Logger): MysqlPool {
  return {
    getConnection: (callback) =>
      pool.getConnection((error, connection) => {
        if (error) report(logger, error, {});
        callback(error, connection);
      }),
    end: (callback) => pool.end(callback),
  };
}

function logQueryFailure(logger: Logger, event: LogEvent): void {
  // The SQL text only: parameters may hold personal data.
  if (event.level === 'error') {
    report(logger, event.error, { sql: event.query.sql, durationMs: event.queryDurationMillis });
  }
}

function report(logger: Logger, error: unknown, context: { sql?: string; durationMs?: number }): void {
  const { code, errno, message } = error as { code?: unknown; errno?: unknown; message?: unknown };
  const fields = { code, errno, message, ...context };
  if (classifyMysqlError(error) === 'unavailable') logger.warn(fields, 'mysql unreachable');
  else logger.debug(fields, 'mysql query failed');
}
