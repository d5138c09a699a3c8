export { createOciQueueWorker } from './oci-queue-worker-adapter.js';
export type { OciQueueWorkerOptions } from './oci-queue-options.js';
