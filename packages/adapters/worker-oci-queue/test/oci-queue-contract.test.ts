import { describeWorkerContract } from '@bharatmart/testkit';
import { createOciQueueWorker } from '../src/index.js';
import { startOciQueueTestBed } from './oci-queue-test-bed.js';
import type { OciQueueTestBed } from './oci-queue-test-bed.js';

let bed: OciQueueTestBed;
beforeAll(async () => {
  bed = await startOciQueueTestBed();
});
afterAll(() => bed.standin.stop());

// OCI Queue delays in whole seconds (by hiding carriers), counts approximately (no completed jobs)
// and does not deduplicate job ids. `dedupesJobIds` and `counts` are the capabilities this adapter
// asks the contract for (see README, "Contract").
const capabilities = { delayGranularityMs: 1000, dedupesJobIds: false, counts: 'approximate' as const };

describeWorkerContract(
  'oci-queue',
  async () => createOciQueueWorker(bed.options({ waitTimeSeconds: 1 })),
  capabilities,
);
