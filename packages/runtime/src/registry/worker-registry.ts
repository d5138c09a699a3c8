import type { IWorkerAdapter, Logger } from '@bharatmart/core';
import type { WorkerConfig } from '../config/app-config.js';

/**
 * Loads and creates the queue adapter for WORKER_MODE. `none` yields no queue: jobs stay in the
 * outbox until a process with a queue relays them.
 */
export async function createWorker(
  config: WorkerConfig,
  logger: Logger,
): Promise<IWorkerAdapter | undefined> {
  const log = logger.child({ component: 'worker', worker: config.mode });
  switch (config.mode) {
    case 'in-process': {
      const { createInProcessWorker } = await import('@bharatmart/worker-in-process');
      return createInProcessWorker({ logger: log });
    }
    case 'none':
      return undefined;
    case 'bull-queue': {
      const { createBullmqWorker } = await import('@bharatmart/worker-bullmq');
      return createBullmqWorker({
        redisUrl: config.redisUrl,
        prefix: config.prefix,
        lockDurationMs: config.jobLockMs,
        stalledIntervalMs: config.jobLockMs,
        logger: log,
      });
    }
    case 'oci-queue': {
      const { createOciQueueWorker } = await import('@bharatmart/worker-oci-queue');
      return createOciQueueWorker({
        queueId: config.queueOcid,
        endpoint: config.endpoint,
        ...(config.configFile ? { configFile: config.configFile } : {}),
        ...(config.profile ? { profile: config.profile } : {}),
        logger: log,
      });
    }
    case 'sqs': {
      const { createSqsWorker } = await import('@bharatmart/worker-sqs');
      return createSqsWorker({ queueUrl: config.queueUrl, region: config.region, logger: log });
    }
  }
}
