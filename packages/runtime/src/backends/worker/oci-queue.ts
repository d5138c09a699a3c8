import type { IWorkerAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { ociAuthVariables, resolveOciAuth } from '../shared-cloud-variables.js';
import { text, variable } from '../variable-kinds.js';
import type { WorkerDependencies } from './worker-dependencies.js';

/** WORKER_MODE=oci-queue: OCI Queue. */
export const ociQueue = defineBackend({
  name: 'oci-queue',
  package: '@bharatmart/worker-oci-queue',
  summary: 'OCI Queue',
  variables: {
    OCI_QUEUE_OCID: variable(text(), 'OCI Queue OCID (required for `oci-queue`)'),
    OCI_QUEUE_ENDPOINT: variable(text(), 'OCI Queue messages endpoint (required for `oci-queue`)'),
    ...ociAuthVariables,
  },
  resolve: (values, context) => ({
    mode: 'oci-queue' as const,
    queueOcid: context.need('OCI_QUEUE_OCID'),
    endpoint: context.need('OCI_QUEUE_ENDPOINT'),
    auth: resolveOciAuth(values, context),
  }),
  load: () => import('@bharatmart/worker-oci-queue'),
  create: async (module, config, deps: WorkerDependencies): Promise<IWorkerAdapter | undefined> =>
    module.createOciQueueWorker({
      queueId: config.queueOcid,
      endpoint: config.endpoint,
      auth: config.auth,
      logger: deps.logger,
    }),
});
