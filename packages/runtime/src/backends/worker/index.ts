import { bullQueue } from './bull-queue.js';
import { inProcess } from './in-process.js';
import { none } from './none.js';
import { ociQueue } from './oci-queue.js';
import { sqs } from './sqs.js';

/** Every WORKER_MODE, one line each, default first. */
export const WORKER_BACKENDS = {
  'in-process': inProcess,
  'bull-queue': bullQueue,
  'oci-queue': ociQueue,
  sqs,
  none,
};
