import type { IWorkerAdapter } from '@bharatmart/core';
import { z } from 'zod';
import { defineBackend } from '../descriptor.js';
import { int, text, variable } from '../variable-kinds.js';
import type { WorkerDependencies } from './worker-dependencies.js';

/** WORKER_MODE=bull-queue: BullMQ on Redis. */
export const bullQueue = defineBackend({
  name: 'bull-queue',
  package: '@bharatmart/worker-bullmq',
  summary: 'BullMQ on Redis',
  variables: {
    QUEUE_REDIS_URL: variable(
      text(),
      'Redis URL of the BullMQ queue (required for `bull-queue`); a password goes in the URL (`redis://:password@host:6379/0`) and is masked wherever the configuration is shown',
      { credential: true },
    ),
    QUEUE_JOB_LOCK_MS: variable(
      int(30_000, 1000, 600_000),
      "`bull-queue`: how long a worker's lock on a running job lasts (renewed while it runs) and how often stalled jobs are looked for; a job of a worker that died returns to waiting within about three times this",
    ),
    QUEUE_PREFIX: variable(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_.-]+$/)
        .default('bharatmart'),
      'BullMQ key prefix, so several deployments can share one Redis',
    ),
  },
  resolve: (values, context) => ({
    mode: 'bull-queue' as const,
    redisUrl: context.need('QUEUE_REDIS_URL'),
    prefix: values.QUEUE_PREFIX,
    jobLockMs: values.QUEUE_JOB_LOCK_MS,
  }),
  load: () => import('@bharatmart/worker-bullmq'),
  create: async (module, config, deps: WorkerDependencies): Promise<IWorkerAdapter | undefined> =>
    module.createBullmqWorker({
      redisUrl: config.redisUrl,
      prefix: config.prefix,
      lockDurationMs: config.jobLockMs,
      stalledIntervalMs: config.jobLockMs,
      logger: deps.logger,
    }),
});
