import { Kysely } from 'kysely';
import { Pool, type PoolConfig } from 'pg';
import type { IDatabaseAdapter, Logger } from '@bharatmart/core';
import {
  applyRoleStatementTimeout,
  createPostgresDialect,
  createSqlDatabase,
  postgresFeatures,
  type Database,
} from '@bharatmart/database-sql';

/** Where the server is: one URL, or its parts. */
export type PostgresConnectionOptions =
  | {
      /**
       * `postgres://user:password@host:port/database`. Parameters in the URL (e.g. `sslmode`) win over
       * the options below.
       */
      connectionString: string;
    }
  | {
      host: string;
      /** Default 5432. */
      port?: number;
      database: string;
      user: string;
      /**
       * The password, or a function called for every new connection, so that a rotated secret is
       * used without a restart. Omit for trust or certificate authentication.
       */
      password?: string | (() => Promise<string>);
    };

/** How the adapter talks to the server; every member is optional. */
export interface PostgresPoolOptions {
  /** Connect over TLS, verifying the server's certificate against the system CAs. Default false. */
  ssl?: boolean;
  /**
   * PEM of the CA(s) the server's certificate must chain to (`sslmode=verify-full` with this root):
   * implies TLS, and the certificate must name the host connected to. It replaces any `sslmode` or
   * `sslrootcert` in `connectionString`; a refused certificate fails every call, never plaintext.
   */
  tlsCa?: string;
  /** Most connections the pool opens at once. Default 10. */
  poolMax?: number;
  /**
   * Milliseconds to wait for a connection, whether opening one or waiting for a free one in a full
   * pool; after that the call fails with `UNAVAILABLE`. Default 5000.
   */
  connectionTimeoutMs?: number;
  /**
   * Milliseconds the server lets one statement run (`statement_timeout`) before cancelling it; the
   * call then fails with `UNAVAILABLE`. Set per transaction (`SET LOCAL`) and, for statements outside
   * one, as the role's default in the database whenever migrations run — never as a startup parameter
   * or session setting, so it holds through a transaction-mode pooler (PgBouncer, Supavisor). The
   * client gives up by itself after this plus `connectionTimeoutMs` when the server does not answer
   * at all. Default 10000.
   */
  statementTimeoutMs?: number;
  /** Milliseconds an unused connection stays open before the pool closes it. Default 10000. */
  idleTimeoutMs?: number;
  /** Names the adapter's sessions in `pg_stat_activity`. Default `bharatmart`. */
  applicationName?: string;
  /** Receives a warning when an open connection fails (e.g. the server terminated it). */
  logger?: Logger;
}

export type PostgresDatabaseOptions = PostgresConnectionOptions & PostgresPoolOptions;

/**
 * An IDatabaseAdapter named `postgresql` on a PostgreSQL server, through a `pg` pool and Kysely's
 * PostgreSQL dialect on the shared SQL implementation. Connects on first use and reconnects by
 * itself: a connection the server dropped leaves the pool, and the next call opens a new one. A call
 * while the server is unreachable fails with AdapterError `UNAVAILABLE` within `connectionTimeoutMs`
 * (plus `statementTimeoutMs` once a statement is running), never hangs. Lost connections are logged,
 * never crash the process. `close()` ends the pool once, however often it is called.
 */
export function createPostgresDatabase(options: PostgresDatabaseOptions): IDatabaseAdapter {
  const pool = new Pool(toPoolConfig(options));
  const { logger } = options;
  // A pooled client emits `error` when its connection dies, whether idle in the pool or checked out
  // between two queries; without a listener on the client, Node would throw and end the process.
  pool.on('connect', (client) => {
    client.on('error', (error: Error & { code?: string }) => {
      logger?.warn({ error: error.message, code: error.code }, 'postgresql: a pooled connection failed');
    });
  });
  // The pool repeats idle clients' errors, already logged by the listener above.
  pool.on('error', () => {});
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const db = new Kysely<Database>({ dialect: createPostgresDialect({ pool, statementTimeoutMs }) });
  return createSqlDatabase({
    name: 'postgresql',
    db,
    features: postgresFeatures,
    afterMigrations: (migrated) => applyRoleStatementTimeout(migrated, statementTimeoutMs),
  });
}

const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;

function toPoolConfig(options: PostgresDatabaseOptions): PoolConfig {
  const connectionTimeoutMs = options.connectionTimeoutMs ?? 5_000;
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const server: PoolConfig =
    'connectionString' in options
      ? { connectionString: withoutTlsParameters(options.connectionString, options.tlsCa) }
      : {
          host: options.host,
          port: options.port ?? 5432,
          database: options.database,
          user: options.user,
          password: options.password,
        };
  return {
    ...server,
    ssl:
      options.tlsCa === undefined ? (options.ssl ?? false) : { ca: options.tlsCa, rejectUnauthorized: true },
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: connectionTimeoutMs,
    idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
    // The client's own bound, for a connection whose server stopped answering: statement_timeout
    // normally fires first and leaves the connection usable.
    query_timeout: statementTimeoutMs + connectionTimeoutMs,
    application_name: options.applicationName ?? 'bharatmart',
    keepAlive: true,
  };
}

/** URL parameters through which `pg` would replace the TLS settings given as options. */
const TLS_PARAMETERS = ['ssl', 'sslmode', 'sslrootcert', 'uselibpqcompat'];

/** `url` without its TLS parameters when `tlsCa` decides TLS; `url` unchanged otherwise. */
function withoutTlsParameters(url: string, tlsCa: string | undefined): string {
  if (tlsCa === undefined) return url;
  const parsed = new URL(url);
  for (const name of TLS_PARAMETERS) parsed.searchParams.delete(name);
  return parsed.toString();
}
