import { randomBytes } from 'node:crypto';
import { startSupabaseStandin } from './supabase-standin.js';

/**
 * `node dist/cli.js`: serves DATABASE_URL over the PostgREST protocol on SUPABASE_STANDIN_PORT
 * (default 54321), signing keys with SUPABASE_STANDIN_JWT_SECRET (generated and printed when unset),
 * and prints the variables the Supabase adapter needs. Stops on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    process.stderr.write('supabase-standin: set DATABASE_URL to the PostgreSQL database to serve\n');
    process.exit(2);
  }
  const portText = process.env.SUPABASE_STANDIN_PORT ?? '54321';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`supabase-standin: SUPABASE_STANDIN_PORT=${portText} is not a port (0-65535)\n`);
    process.exit(2);
  }
  const given = process.env.SUPABASE_STANDIN_JWT_SECRET;
  const jwtSecret = given ?? randomBytes(32).toString('base64url');

  const standin = await startSupabaseStandin({ databaseUrl, jwtSecret, port });
  const lines = [
    `Supabase stand-in (PostgREST protocol under /rest/v1) listening on ${standin.url}`,
    '',
    'Point the Supabase adapter at it with:',
    `  DATABASE_TYPE=supabase`,
    `  SUPABASE_URL=${standin.url}`,
    `  SUPABASE_SERVICE_ROLE_KEY=${standin.serviceRoleKey}`,
    `  SUPABASE_DB_URL=${databaseUrl}`,
    '',
    `Anon key (Row Level Security applies): ${standin.anonKey}`,
    given === undefined
      ? `Generated SUPABASE_STANDIN_JWT_SECRET=${jwtSecret} (set it to keep these keys across restarts)`
      : 'Keys signed with SUPABASE_STANDIN_JWT_SECRET.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = () => {
    standin.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`supabase-standin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
