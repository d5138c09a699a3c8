import { copyDatabase, hasSqlAccess, verifyCopy } from '@bharatmart/database-sql';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { DATABASE_BACKENDS } from '../backends/database/index.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logger.js';
import { createDatabase } from '../registry/database-registry.js';
import { createSecrets } from '../registry/secrets-registry.js';
import { directSqlConfig, printReport, progressBar } from './copy-printout.js';

/**
 * `pnpm db:copy --from <type> --to <type>`: copies every table from one database to another in
 * batches, with progress, upserting so a re-run is safe; then compares row counts and checksums per
 * table and prints them. Supabase is read and written over SUPABASE_DB_URL. Each side is configured like the apps, from the environment with its
 * variables prefixed SOURCE_ / TARGET_ (e.g. SOURCE_PGLITE_DATA_DIR, TARGET_DATABASE_URL), which win
 * over unprefixed ones. `--verify-only` compares without copying. Exits 1 on any mismatch, 2 on a
 * usage or configuration error.
 */
const USAGE = `usage: pnpm db:copy --from <${Object.keys(DATABASE_BACKENDS).join('|')}> --to <type> [--verify-only]`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** The environment of one side: unprefixed variables, overridden by the prefixed ones. */
function sideEnv(prefix: string, type: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_FALLBACK_TYPE: 'none' };
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith(prefix)) env[name.slice(prefix.length)] = value;
  }
  env.DATABASE_TYPE = type;
  return env;
}

async function open(prefix: string, type: string, variable: string): Promise<IDatabaseAdapter> {
  const env = sideEnv(prefix, type);
  const config = loadConfig(env);
  const logger = createLogger({ level: 'warn', name: 'db-copy' });
  const secrets = await createSecrets(config.secrets, env, logger);
  return createDatabase(directSqlConfig(config.database, env), { secrets, logger, variable });
}

async function main(args: string[]): Promise<number> {
  const from = option(args, '--from');
  const to = option(args, '--to');
  if (!from || !to) {
    console.error(USAGE);
    return 2;
  }
  const source = await open('SOURCE_', from, 'SOURCE DATABASE_TYPE');
  try {
    const target = await open('TARGET_', to, 'TARGET DATABASE_TYPE');
    try {
      if (!hasSqlAccess(source) || !hasSqlAccess(target)) {
        console.error(
          'db:copy works between SQL databases (pglite, postgresql, mysql, oci-autonomous, and supabase over SUPABASE_DB_URL)',
        );
        return 2;
      }
      if (!args.includes('--verify-only')) await copyWithProgress(source, target, `${from} -> ${to}`);
      const verified = await verifyCopy({ source, target });
      printReport(verified);
      const mismatches = verified.filter((row) => !row.match);
      console.log(
        mismatches.length === 0 ? '\nAll tables match.' : `\n${mismatches.length} table(s) differ.`,
      );
      return mismatches.length === 0 ? 0 : 1;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function copyWithProgress(
  source: IDatabaseAdapter,
  target: IDatabaseAdapter,
  label: string,
): Promise<void> {
  console.log(`Copying ${label}`);
  const interactive = process.stdout.isTTY;
  await copyDatabase({
    source,
    target,
    onProgress: ({ table, copied, total }) => {
      const line = progressBar(table, copied, total);
      if (interactive) process.stdout.write(`\r${line}${copied === total ? '\n' : ''}`);
      else if (copied === total) console.log(line);
    },
  });
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error),
    );
    process.exitCode = 2;
  },
);
