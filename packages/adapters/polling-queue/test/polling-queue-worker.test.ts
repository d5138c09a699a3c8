import { describeWorkerContract } from '@bharatmart/testkit';
import { resolvePollingQueueOptions } from '../src/options.js';
import { createPollingQueueWorker } from '../src/polling-queue-worker.js';
import { MemoryBackend } from './memory-backend.js';

// The memory queue hides messages in whole seconds, counts like a broker (no completed jobs, carriers
// as delayed) and does not deduplicate job ids; the adapter declares the last two itself.
describeWorkerContract(
  'polling-queue core on a memory queue',
  async () =>
    createPollingQueueWorker(new MemoryBackend(), resolvePollingQueueOptions({ waitTimeSeconds: 1 }, 20)),
  { delayGranularityMs: 1000 },
);
