import type { IDatabaseAdapter, ISecretsProvider, Logger } from '@bharatmart/core';
import type { AppConfig } from '../config/app-config.js';
import { createDatabase } from '../registry/database-registry.js';
import { createConfiguredDatabase } from '../registry/primary-database.js';
import { followDatabaseSwitch } from './following-database.js';
import { nextDatabaseConfig, nextSecrets } from './next-database.js';
import { sharedOpener } from './shared-opener.js';
import { embeddedTargetProblem } from './supported-pairs.js';
import { DatabaseSwitchController } from './switch-controller.js';

/** The database a process serves from, and the switch this process may run from it. */
export interface ServingDatabase {
  db: IDatabaseAdapter;
  /** Runs a live switch to the NEXT_ database inside this process (the admin endpoint). */
  switchController: DatabaseSwitchController;
}

/**
 * The database a process serves from: the configured one (see `createConfiguredDatabase`), following
 * a live switch to the NEXT_ database when one flips (see `followDatabaseSwitch`). When the process
 * moves, `config.database` becomes the NEXT_ database's configuration, so the configuration printout
 * names the database actually serving.
 */
export async function createServingDatabase(
  config: AppConfig,
  deps: {
    env: Record<string, string | undefined>;
    secrets: ISecretsProvider;
    logger: Logger;
    requirePasswords: boolean;
  },
): Promise<ServingDatabase> {
  const { env, secrets, logger, requirePasswords } = deps;
  const nextConfig = nextDatabaseConfig(env);
  const from = config.database.type;
  const problem = nextConfig && embeddedTargetProblem(nextConfig, 'serving process');
  const next = nextConfig && {
    type: nextConfig.type,
    open: sharedOpener(() =>
      createDatabase(nextConfig, {
        secrets: nextSecrets(secrets),
        logger,
        variable: 'NEXT_DATABASE_TYPE',
        requirePasswords,
      }),
    ),
    ...(problem ? { problem } : {}),
  };
  const switchLogger = logger.child({ component: 'database-switch' });
  const source = await createConfiguredDatabase(config, { secrets, logger, requirePasswords });
  try {
    const db = await followDatabaseSwitch({
      source,
      logger: switchLogger,
      ...(next && nextConfig
        ? {
            next,
            onFlip: () => {
              config.database = nextConfig;
              delete config.databaseFallback;
            },
          }
        : {}),
    });
    return {
      db,
      switchController: new DatabaseSwitchController({
        db,
        from,
        ...(next ? { next } : {}),
        logger: switchLogger,
      }),
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}
