import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { IDatabaseAdapter, Logger } from '@bharatmart/core';
import { createSqlDatabase, postgresFeatures, type Database } from '@bharatmart/database-sql';

/** One direct connection, as the migration runner uses it. */
export type DirectClient = pg.Client;

/** What every direct connection to the Supabase database is opened with. */
function directSettings(url: string, statementTimeoutMs: number) {
  return {
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    statement_timeout: statementTimeoutMs,
    application_name: 'bharatmart-migrations',
  };
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
): IDatabaseAdapter {
  const pool = new pg.Pool({
    ...directSettings(url, statementTimeoutMs),
    max: 1,
    // The client's own bound, for a server that stopped answering: statement_timeout fires first.
    query_timeout: statementTimeoutMs + 5_000,
    keepAlive: true,
  });
  pool.on('connect', (client) => {
    client.on('error', (error: Error & { code?: string }) => {
      logger?.warn({ error: error.message, code: error.code }, 'supabase: the direct connection failed');
    });
  });
  // The pool repeats idle clients' errors, already logged by the listener above.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return createSqlDatabase({ name: 'postgresql', db, features: postgresFeatures });
}
