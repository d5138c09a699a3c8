export { createInProcessWorker } from './in-process-worker-adapter.js';
export type { InProcessWorkerOptions } from './job-record.js';
