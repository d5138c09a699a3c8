import oracledb from 'oracledb';
import type { Logger } from '@bharatmart/core';
import type { OracleConnector } from './oracle-dialect.js';
import { classifyOracleError } from './oracle-features.js';
import { sessionOf, type OracleSession } from './oracle-session.js';

/**
 * Run once on every new session: text compares and sorts by code point (AL32UTF8 byte order), as
 * PostgreSQL's C collation does and whatever the database's NLS_LANGUAGE implies.
 */
export const SESSION_SETUP = 'alter session set nls_sort = binary nls_comp = binary';

/** Seconds sessions still in use get to be returned when the pool closes. */
const POOL_DRAIN_SECONDS = 5;

/** Where and how to connect; see OracleDatabaseOptions. */
export interface OracleConnectOptions {
  connectString: string;
  user: string;
  password: string;
  walletDir?: string;
  walletPassword?: string;
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  logger?: Logger;
}

/**
 * Sessions from node-oracledb in thin mode (pure JavaScript, no Oracle Client libraries;
 * `initOracleClient` is never called): a pool of up to `poolMax` sessions opened on demand, and
 * standalone sessions for the migration lock. A wallet directory serves as both the configuration
 * directory (tnsnames.ora, for TNS aliases) and the wallet location (ewallet.pem, for mTLS).
 */
export function createOracleConnector(options: OracleConnectOptions): OracleConnector {
  const connectSeconds = Math.max(1, Math.ceil(options.connectTimeoutMs / 1000));
  const attributes: oracledb.ConnectionAttributes = {
    user: options.user,
    password: options.password,
    connectString: options.connectString,
    connectTimeout: connectSeconds,
    transportConnectTimeout: connectSeconds,
    ...(options.walletDir !== undefined && {
      configDir: options.walletDir,
      walletLocation: options.walletDir,
    }),
    ...(options.walletPassword !== undefined && { walletPassword: options.walletPassword }),
  };
  const reported = <T>(opening: Promise<T>): Promise<T> =>
    opening.catch((error: unknown) => {
      report(options.logger, error);
      throw error;
    });

  return {
    async openPool() {
      const pool = await reported(
        oracledb.createPool({
          ...attributes,
          poolMin: 0,
          poolMax: options.poolMax,
          poolIncrement: 1,
          // Waiting for a free session and connecting a new one share this limit.
          queueTimeout: options.connectTimeoutMs,
          sessionCallback: (connection, _requestedTag, done) => {
            connection.execute(SESSION_SETUP).then(() => done(), done);
          },
        }),
      );
      return {
        async getSession(): Promise<OracleSession> {
          const connection = await reported(pool.getConnection());
          // Bounds every round trip of this session's statements.
          connection.callTimeout = options.statementTimeoutMs;
          return sessionOf(connection);
        },
        close: () => pool.close(POOL_DRAIN_SECONDS),
      };
    },
    openSession: async () => sessionOf(await reported(oracledb.getConnection(attributes))),
  };
}

/** Logs a failure to open a session: `warn` when the database is unreachable, else `debug`. */
function report(logger: Logger | undefined, error: unknown): void {
  if (!logger) return;
  // Code and message only: oracledb's messages name host and port, never the password.
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (classifyOracleError(error) === 'unavailable') logger.warn({ code, message }, 'oracle unreachable');
  else logger.debug({ code, message }, 'oracle connection failed');
}
