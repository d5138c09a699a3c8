import { Kysely } from 'kysely';
import pg from 'pg';
import type { IDatabaseAdapter, Logger } from '@bharatmart/core';
import {
  createPostgresDialect,
  createSqlDatabase,
  postgresFeatures,
  type Database,
  type SqlAccessible,
} from '@bharatmart/database-sql';

/** One direct connection, as the migration runner uses it. */
export type DirectClient = pg.Client;

/**
 * What every direct connection to the Supabase database is opened with: no startup parameter but
 * `application_name`, so `dbUrl` may name Supabase's transaction pooler (port 6543) as well as the
 * database. Statements are bounded per transaction (`SET LOCAL statement_timeout`) and, outside
 * one, by the client giving up after `statementTimeoutMs` plus the connect timeout.
 */
function directSettings(url: string, statementTimeoutMs: number) {
  return {
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: statementTimeoutMs + CONNECT_TIMEOUT_MS,
    application_name: 'bharatmart-migrations',
  };
}

const CONNECT_TIMEOUT_MS = 5_000;

/** The statement that bounds every statement of the transaction it is sent in. */
export function setLocalStatementTimeout(statementTimeoutMs: number): string {
  return `SET LOCAL statement_timeout = ${Math.trunc(statementTimeoutMs)}`;
}

/**
 * Opens one direct connection to the Supabase database (`SUPABASE_DB_URL`), as Supabase's own
 * migration tooling connects. A dropped connection fails the running query; nothing else happens.
 */
export async function connectDirect(url: string, statementTimeoutMs: number): Promise<DirectClient> {
  const client = new pg.Client(directSettings(url, statementTimeoutMs));
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * The shared SQL implementation, named `postgresql`, over a pool of one direct connection to the
 * Supabase database: its `migrations` apply the schema every SQL backend shares. Connects on first
 * use; a connection that fails while open is logged as a warning, never crashes the process.
 */
export function createDirectSqlDatabase(
  url: string,
  statementTimeoutMs: number,
  logger: Logger | undefined,
): IDatabaseAdapter & SqlAccessible {
  const pool = new pg.Pool({
    ...directSettings(url, statementTimeoutMs),
    max: 1,
    keepAlive: true,
  });
  pool.on('connect', (client) => {
    client.on('error', (error: Error & { code?: string }) => {
      logger?.warn({ error: error.message, code: error.code }, 'supabase: the direct connection failed');
    });
  });
  // The pool repeats idle clients' errors, already logged by the listener above.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: createPostgresDialect({ pool, statementTimeoutMs }) });
  return createSqlDatabase({ name: 'postgresql', db, features: postgresFeatures });
}
