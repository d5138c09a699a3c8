import type { IWorkerAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import type { WorkerDependencies } from './worker-dependencies.js';

/** WORKER_MODE=in-process: jobs run in the API process, from a queue kept in the database. */
export const inProcess = defineBackend({
  name: 'in-process',
  package: '@bharatmart/worker-in-process',
  summary: 'jobs run inside the API process',
  variables: {},
  resolve: () => ({ mode: 'in-process' as const }),
  load: () => import('@bharatmart/worker-in-process'),
  create: async (module, _config, deps: WorkerDependencies): Promise<IWorkerAdapter | undefined> =>
    module.createInProcessWorker({ logger: deps.logger }),
});
