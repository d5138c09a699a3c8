import pg from 'pg';

/** One direct connection, as the migration runner uses it. */
export type DirectClient = pg.Client;

/**
 * Opens one direct connection to the Supabase database (`SUPABASE_DB_URL`), as Supabase's own
 * migration tooling connects. A dropped connection fails the running query; nothing else happens.
 */
export async function connectDirect(url: string, statementTimeoutMs: number): Promise<DirectClient> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    statement_timeout: statementTimeoutMs,
    application_name: 'bharatmart-migrations',
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
