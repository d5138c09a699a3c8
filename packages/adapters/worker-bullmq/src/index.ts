export { createBullmqWorker } from './bullmq-worker-adapter.js';
export type { BullmqWorkerOptions } from './bullmq-worker-options.js';
