import { Kysely, type LogEvent } from 'kysely';
import { AdapterError, type IDatabaseAdapter, type Logger } from '@bharatmart/core';
import { createSqlDatabase, type Database, type SqlAccessible } from '@bharatmart/database-sql';
import { createOracleConnector } from './oracle-connector.js';
import { OracleDialect, type OracleConnector } from './oracle-dialect.js';
import { classifyOracleError, oracleFeatures } from './oracle-features.js';

/** The adapter's name: the configured DATABASE_TYPE. */
export const ORACLE_ADAPTER_NAME = 'oci-autonomous';

/** The database and how to use it; nothing is read from the environment. */
export interface OracleDatabaseOptions {
  /**
   * Easy Connect (`host:port/service`), `tcps://host:port/service` for TLS without a wallet, a full
   * `(DESCRIPTION=…)`, or a TNS alias defined in `walletDir`'s tnsnames.ora (e.g. `shop_high`).
   */
  connectString: string;
  user: string;
  /** Read from the secrets provider by the caller; never logged. */
  password: string;
  /** An unzipped Autonomous Database wallet: tnsnames.ora and ewallet.pem (mTLS). */
  walletDir?: string;
  /** The password of ewallet.pem, chosen when the wallet was downloaded. Never logged. */
  walletPassword?: string;
  /** Most sessions the pool opens; further calls wait for a free one. Default 10. */
  poolMax?: number;
  /**
   * Milliseconds a call may wait for a session, connecting included, before it fails UNAVAILABLE
   * (the connect itself is bounded in whole seconds, rounded up). Default 5000.
   */
  connectTimeoutMs?: number;
  /** Milliseconds one round trip to the database may take before it fails UNAVAILABLE. Default 10000. */
  statementTimeoutMs?: number;
  /** Receives unreachable-database warnings and failed statements (`debug`: SQL text, never binds). */
  logger?: Logger;
}

/**
 * An IDatabaseAdapter named `oci-autonomous` on Oracle Database 19c or later (Autonomous Database
 * included) through node-oracledb in thin mode, on the shared SQL implementation. Connects on first
 * use; an unreachable database fails each call with AdapterError `UNAVAILABLE` within
 * `connectTimeoutMs`, and the next call tries again. Missing or invalid options throw
 * AdapterError `MISCONFIGURED` naming the option, before any connection.
 */
export function createOracleDatabase(options: OracleDatabaseOptions): IDatabaseAdapter & SqlAccessible {
  for (const name of ['connectString', 'user', 'password'] as const) {
    if (typeof options[name] !== 'string' || options[name].trim() === '') {
      throw new AdapterError(ORACLE_ADAPTER_NAME, 'MISCONFIGURED', `${name} is required`);
    }
  }
  const connectOptions = {
    ...options,
    poolMax: positiveInteger('poolMax', options.poolMax, 10),
    connectTimeoutMs: positiveInteger('connectTimeoutMs', options.connectTimeoutMs, 5000),
    statementTimeoutMs: positiveInteger('statementTimeoutMs', options.statementTimeoutMs, 10_000),
  };
  return createOracleDatabaseOver(createOracleConnector(connectOptions), options.logger);
}

/**
 * The adapter over any OracleConnector: production passes node-oracledb's, the SQL snapshot tests
 * a recorder, so both run the same dialect, repositories and migrations.
 */
export function createOracleDatabaseOver(
  connector: OracleConnector,
  logger?: Logger,
): IDatabaseAdapter & SqlAccessible {
  const db = new Kysely<Database>({
    dialect: new OracleDialect(connector),
    ...(logger && { log: (event: LogEvent) => logQueryFailure(logger, event) }),
  });
  return createSqlDatabase({ name: ORACLE_ADAPTER_NAME, db, features: oracleFeatures });
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new AdapterError(ORACLE_ADAPTER_NAME, 'MISCONFIGURED', `${name} must be a positive integer`);
  }
  return value;
}

function logQueryFailure(logger: Logger, event: LogEvent): void {
  // The SQL text only: binds may hold personal data.
  if (event.level !== 'error') return;
  const { code, message } = event.error as { code?: unknown; message?: unknown };
  const fields = { code, message, sql: event.query.sql, durationMs: event.queryDurationMillis };
  if (classifyOracleError(event.error) === 'unavailable') logger.warn(fields, 'oracle unreachable');
  else logger.debug(fields, 'oracle statement failed');
}
