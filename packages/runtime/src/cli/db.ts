import { seedDemoCatalog } from '@bharatmart/core';
import type { IDatabaseAdapter } from '@bharatmart/core';
import type { DatabaseConfig } from '../config/app-config.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logger.js';
import { createDatabase } from '../registry/database-registry.js';
import { createSecrets } from '../registry/secrets-registry.js';

/**
 * `pnpm db:migrate | db:status | db:seed`: applies, lists or seeds on every configured database
 * (the primary and, when set, the fallback), as the environment configures them.
 */
const USAGE = 'usage: db.js migrate | status | seed';

async function run(command: string): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: 'warn', name: 'db' });
  const secrets = await createSecrets(config.secrets, process.env, logger);
  const targets: [string, DatabaseConfig][] = [['primary', config.database]];
  if (config.databaseFallback) targets.push(['fallback', config.databaseFallback]);
  for (const [role, target] of targets) {
    const db = await createDatabase(target, {
      secrets,
      logger,
      variable: role === 'primary' ? 'DATABASE_TYPE' : 'DATABASE_FALLBACK_TYPE',
    });
    try {
      console.log(`\n${role} database: ${target.type}`);
      await perform(command, db);
    } finally {
      await db.close();
    }
  }
  await secrets.close();
}

async function perform(command: string, db: IDatabaseAdapter): Promise<void> {
  switch (command) {
    case 'migrate': {
      const applied = await db.migrations.latest();
      console.log(
        applied.length === 0
          ? '  up to date, nothing to apply'
          : applied.map((name) => `  applied ${name}`).join('\n'),
      );
      return;
    }
    case 'status': {
      const status = await db.migrations.status();
      for (const migration of status) {
        console.log(
          `  ${migration.appliedAt ? 'applied' : 'pending'}  ${migration.name}${migration.appliedAt ? `  (${migration.appliedAt})` : ''}`,
        );
      }
      const pending = status.filter((migration) => !migration.appliedAt).length;
      console.log(`  ${status.length - pending} applied, ${pending} pending`);
      return;
    }
    case 'seed': {
      await db.migrations.latest();
      const added = await seedDemoCatalog(db);
      console.log(
        added === 0 ? '  catalog already has products; nothing seeded' : `  seeded ${added} demo products`,
      );
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

run(process.argv[2] ?? '').catch((error: unknown) => {
  console.error(
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error),
  );
  process.exitCode = 1;
});
