import type { IWorkerAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { ociSdkVariables } from '../shared-cloud-variables.js';
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
    ...ociSdkVariables,
  },
  resolve(values, context) {
    if (values.OCI_AUTH === 'instance-principal' && !values.OCI_CONFIG_FILE) {
      context.problem(
        'OCI_CONFIG_FILE',
        `is required when ${context.because} (the queue adapter authenticates with a config file only)`,
      );
    }
    return {
      mode: 'oci-queue' as const,
      queueOcid: context.need('OCI_QUEUE_OCID'),
      endpoint: context.need('OCI_QUEUE_ENDPOINT'),
      ...(values.OCI_CONFIG_FILE ? { configFile: values.OCI_CONFIG_FILE } : {}),
      ...(values.OCI_PROFILE ? { profile: values.OCI_PROFILE } : {}),
    };
  },
  load: () => import('@bharatmart/worker-oci-queue'),
  create: async (module, config, deps: WorkerDependencies): Promise<IWorkerAdapter | undefined> =>
    module.createOciQueueWorker({
      queueId: config.queueOcid,
      endpoint: config.endpoint,
      ...(config.configFile ? { configFile: config.configFile } : {}),
      ...(config.profile ? { profile: config.profile } : {}),
      logger: deps.logger,
    }),
});
