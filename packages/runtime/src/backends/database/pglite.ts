import type { IDatabaseAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { textOr, variable } from '../variable-kinds.js';
import type { DatabaseDependencies } from './database-dependencies.js';

/** DATABASE_TYPE=pglite: PostgreSQL compiled to WebAssembly, inside the process. */
export const pglite = defineBackend({
  name: 'pglite',
  package: '@bharatmart/database-pglite',
  summary: 'PostgreSQL inside the process, for one machine',
  engine: 'pglite',
  variables: {
    PGLITE_DATA_DIR: variable(
      textOr('./.data/pglite'),
      "PGlite's data directory, created if missing; `memory://` keeps nothing",
    ),
  },
  resolve: (values) => ({ type: 'pglite' as const, dataDir: values.PGLITE_DATA_DIR }),
  load: () => import('@bharatmart/database-pglite'),
  create: async (module, config, _deps: DatabaseDependencies): Promise<IDatabaseAdapter> =>
    module.createPgliteDatabase({ dataDir: config.dataDir }),
});
