import type { IWorkerAdapter, Logger } from '@bharatmart/core';
import type { WorkerConfig } from '../config/app-config.js';
import { adapterNotAvailable } from './unavailable.js';

/**
 * Loads and creates the queue adapter for WORKER_MODE. `none` yields no queue: jobs stay in the
 * outbox until a process with a queue relays them.
 */
export async function createWorker(
  config: WorkerConfig,
  logger: Logger,
): Promise<IWorkerAdapter | undefined> {
  switch (config.mode) {
    case 'in-process': {
      const { createInProcessWorker } = await import('@bharatmart/worker-in-process');
      return createInProcessWorker({ logger: logger.child({ component: 'worker' }) });
    }
    case 'none':
      return undefined;
    case 'bull-queue': {
      const { createBullmqWorker } = await import('@bharatmart/worker-bullmq');
      return createBullmqWorker({
        redisUrl: config.redisUrl,
        prefix: config.prefix,
        logger: logger.child({ component: 'worker' }),
      });
    }
    case 'oci-queue':
    case 'sqs':
      throw adapterNotAvailable('WORKER_MODE', config.mode, ['in-process', 'bull-queue', 'none']);
  }
}
