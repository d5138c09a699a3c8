import type { IWorkerAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { awsRegionVariable } from '../shared-cloud-variables.js';
import { text, variable } from '../variable-kinds.js';
import type { WorkerDependencies } from './worker-dependencies.js';

/** WORKER_MODE=sqs: Amazon SQS. */
export const sqs = defineBackend({
  name: 'sqs',
  package: '@bharatmart/worker-sqs',
  summary: 'Amazon SQS',
  variables: {
    SQS_QUEUE_URL: variable(text(), 'SQS queue URL (required for `sqs`)'),
    ...awsRegionVariable,
  },
  resolve: (_values, context) => ({
    mode: 'sqs' as const,
    queueUrl: context.need('SQS_QUEUE_URL'),
    region: context.need('AWS_REGION'),
  }),
  load: () => import('@bharatmart/worker-sqs'),
  create: async (module, config, deps: WorkerDependencies): Promise<IWorkerAdapter | undefined> =>
    module.createSqsWorker({ queueUrl: config.queueUrl, region: config.region, logger: deps.logger }),
});
