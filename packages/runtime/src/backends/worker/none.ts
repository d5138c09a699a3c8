import type { IWorkerAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import type { WorkerDependencies } from './worker-dependencies.js';

/** WORKER_MODE=none: no queue; jobs wait in the outbox until a process with a queue relays them. */
export const none = defineBackend({
  name: 'none',
  summary: 'no queue in this process',
  variables: {},
  resolve: () => ({ mode: 'none' as const }),
  load: async () => ({}),
  create: async (_module, _config, _deps: WorkerDependencies): Promise<IWorkerAdapter | undefined> =>
    undefined,
});
