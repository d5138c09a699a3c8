import type { IDatabaseAdapter } from '@bharatmart/core';
import {
  abortSwitch,
  readSwitchRecord,
  switchDatabase,
  switchFamily,
  hasSqlAccess,
} from '@bharatmart/database-sql';
import type { SwitchReport } from '@bharatmart/database-sql';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logger.js';
import { createDatabase } from '../registry/database-registry.js';
import { createSecrets } from '../registry/secrets-registry.js';
import { nextDatabaseConfig, nextSecrets } from '../switch/next-database.js';
import { describeSwitchEvent } from '../switch/switch-progress.js';
import { assertSwitchablePair, embeddedTargetProblem } from '../switch/supported-pairs.js';
import { directSqlConfig, printSwitchVerification, progressBar } from './copy-printout.js';

/**
 * `pnpm db:switch [--from <type>] [--to <type>]`: moves the shop from the database the environment
 * configures (DATABASE_TYPE and its settings) to the one its NEXT_ settings configure
 * (NEXT_DATABASE_TYPE, NEXT_MYSQL_URL, …) while the API and workers keep running, and prints each
 * phase, the verification and the write pause. `--from`/`--to`, when given, must agree with the
 * environment. `--abort` stops an unfinished switch; `--status` prints the source's switch record.
 * Exits 0 once the switch flipped and verified, 1 when it did not, 2 on a usage or configuration
 * error.
 */
const USAGE = 'usage: pnpm db:switch [--from <type>] [--to <type>] | --abort | --status';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const env = process.env;
  const config = loadConfig(env);
  const next = nextDatabaseConfig(env);
  const logger = createLogger({ level: 'warn', name: 'db-switch' });
  if (config.database.type === 'pglite') {
    console.error(
      'An embedded PGlite database lives inside the API process, which is the only one that may open it: ' +
        'start the switch there, with POST /api/v1/admin/database/switch (as admin), and follow it with GET on the same path.',
    );
    return 2;
  }
  const secrets = await createSecrets(config.secrets, env, logger);
  const source = await createDatabase(directSqlConfig(config.database, env), { secrets, logger });
  try {
    if (args.includes('--status')) return await printStatus(source);
    if (args.includes('--abort')) {
      await abortSwitch(source);
      console.log(`The switch is aborted: ${config.database.type} serves as before, with nothing lost.`);
      return 0;
    }
    if (!next)
      throw new ConfigError([
        { variable: 'NEXT_DATABASE_TYPE', message: 'is required: it names the database to switch to' },
      ]);
    assertSwitchablePair(config.database.type, next.type);
    const embedded = embeddedTargetProblem(next, 'cli');
    if (embedded) {
      console.error(embedded);
      return 2;
    }
    const from = option(args, '--from');
    const to = option(args, '--to');
    if ((from && from !== config.database.type) || (to && to !== next.type)) {
      console.error(
        `The environment switches ${config.database.type} → ${next.type}; --from/--to say ${from ?? '?'} → ${to ?? '?'}.\n${USAGE}`,
      );
      return 2;
    }
    // The target opens as the processes will serve it: a Supabase target is migrated by its own
    // runner (functions, row level security) and written over its direct connection.
    const target = await createDatabase(next, {
      secrets: nextSecrets(secrets),
      logger,
      variable: 'NEXT_DATABASE_TYPE',
    });
    try {
      console.log(`Switching ${config.database.type} → ${next.type} while the shop runs`);
      const finished = new Set<string>();
      const report = await switchDatabase({
        source,
        target,
        targetType: next.type,
        onEvent: (event) => {
          if (event.kind === 'copy') {
            const { table, copied, total } = event.progress;
            // Rows written while the copy runs can take a table past the total it counted first.
            if (copied >= total ? !finished.has(table) : copied % 5000 === 0)
              console.log(progressBar(table, copied, total));
            if (copied >= total) finished.add(table);
            return;
          }
          const line = describeSwitchEvent(event);
          if (line) console.log(line);
        },
      });
      printOutcome(report, next.type);
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
    await secrets.close();
  }
}

function printOutcome(report: SwitchReport, target: string): void {
  printSwitchVerification(report.verification);
  console.log(
    `\nFlipped to ${target} (switch ${report.switchId}): ${report.copiedRows} rows copied, ` +
      `${report.appliedChanges} changes caught up, writes paused ${report.writePauseMs} ms, ` +
      `${(report.totalMs / 1000).toFixed(1)} s in all.\n` +
      'Every API and worker process with the NEXT_ settings now serves from the target; promote the NEXT_ ' +
      'settings to the plain ones in the env files before the next deployment.',
  );
}

async function printStatus(source: IDatabaseAdapter): Promise<number> {
  const family = hasSqlAccess(source) ? switchFamily(source.sqlAccess) : undefined;
  const record =
    hasSqlAccess(source) && family ? await readSwitchRecord(source.sqlAccess, family) : undefined;
  console.log(record ? JSON.stringify(record, null, 2) : 'This database has never been switched.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  },
);
