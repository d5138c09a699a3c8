export { createSqsWorker } from './sqs-worker-adapter.js';
export type { SqsWorkerOptions } from './sqs-worker-options.js';
