import { describeWorkerContract } from '@bharatmart/testkit';
import { createOciQueueWorker } from '../src/index.js';
import { startOciQueueTestBed } from './oci-queue-test-bed.js';
import type { OciQueueTestBed } from './oci-queue-test-bed.js';

let bed: OciQueueTestBed;
beforeAll(async () => {
  bed = await startOciQueueTestBed();
});
afterAll(() => bed.standin.stop());

// OCI Queue delays in whole seconds (by hiding carriers). The adapter declares its own capabilities,
// which the contract reads: approximate counts (no completed jobs), job ids not deduplicated.
const options = { delayGranularityMs: 1000 };

describeWorkerContract(
  'oci-queue',
  async () => createOciQueueWorker(bed.options({ waitTimeSeconds: 1 })),
  options,
);
