import type { IWorkerAdapter } from '@bharatmart/core';
import { z } from 'zod';
import { defineBackend } from '../descriptor.js';
import { verifyTlsServer } from '../tls-probe.js';
import { readCaFile, redisEndpoint, redisTlsVariables, resolveRedisTls } from '../tls-variables.js';
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
    ...redisTlsVariables,
  },
  resolve: (values, context) => {
    const redisUrl = context.need('QUEUE_REDIS_URL');
    return {
      mode: 'bull-queue' as const,
      redisUrl,
      prefix: values.QUEUE_PREFIX,
      jobLockMs: values.QUEUE_JOB_LOCK_MS,
      ...resolveRedisTls(
        redisUrl,
        values.REDIS_CA_FILE,
        false,
        (variable, message) => context.problem(variable, message),
        'QUEUE_REDIS_URL',
      ),
    };
  },
  load: () => import('@bharatmart/worker-bullmq'),
  async create(module, config, deps: WorkerDependencies): Promise<IWorkerAdapter | undefined> {
    const ca = config.caFile === undefined ? undefined : readCaFile(config.caFile);
    // A refused certificate stops startup; an unreachable Redis does not (the outbox keeps the jobs).
    if (config.tls)
      await verifyTlsServer({
        ...redisEndpoint(config.redisUrl),
        ...(ca === undefined ? {} : { ca }),
        urlVariable: 'QUEUE_REDIS_URL',
        caVariable: 'REDIS_CA_FILE',
      });
    return module.createBullmqWorker({
      redisUrl: config.redisUrl,
      ...(ca === undefined ? {} : { tlsCa: ca }),
      prefix: config.prefix,
      lockDurationMs: config.jobLockMs,
      stalledIntervalMs: config.jobLockMs,
      logger: deps.logger,
    });
  },
});
