import type { IWorkerAdapter, Logger } from '@bharatmart/core';
import type { PortBackend } from '../backends/descriptor.js';
import { loadBackend } from '../backends/load-backend.js';
import { WORKER_BACKENDS } from '../backends/worker/index.js';
import type { WorkerDependencies } from '../backends/worker/worker-dependencies.js';
import type { WorkerConfig } from '../config/app-config.js';

/**
 * Loads and creates the queue adapter for WORKER_MODE. `none` yields no queue: jobs stay in the
 * outbox until a process with a queue relays them.
 */
export async function createWorker(
  config: WorkerConfig,
  logger: Logger,
): Promise<IWorkerAdapter | undefined> {
  const backend = WORKER_BACKENDS[config.mode] as PortBackend<
    WorkerConfig,
    IWorkerAdapter | undefined,
    WorkerDependencies
  >;
  const module: unknown = await loadBackend(backend, {
    variable: 'WORKER_MODE',
    because: `WORKER_MODE=${config.mode}`,
  });
  return backend.create(module, config, {
    logger: logger.child({ component: 'worker', worker: config.mode }),
  });
}
