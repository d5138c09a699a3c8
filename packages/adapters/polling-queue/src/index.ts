export { createPollingQueueWorker } from './polling-queue-worker.js';
export type { FailedJobStore, JobDelivery, Lane, PollingQueueBackend, ReceivedMessage } from './backend.js';
export { formatJobMessage, parseJobMessage, toFailedJob } from './job-message.js';
export type { FailureRecord, JobMessage } from './job-message.js';
export { resolvePollingQueueOptions } from './options.js';
export type { PollingQueueOptions, ResolvedPollingQueueOptions } from './options.js';
export { ScanQueue, newestFailedJobs } from './failed-job-scans.js';
