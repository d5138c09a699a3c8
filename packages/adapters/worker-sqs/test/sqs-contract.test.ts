import { describeWorkerContract } from '@bharatmart/testkit';
import { createSqsWorker } from '../src/index.js';
import { startSqsTestBed } from './sqs-test-queues.js';
import type { SqsTestBed } from './sqs-test-queues.js';

let bed: SqsTestBed;
beforeAll(async () => {
  bed = await startSqsTestBed();
});
afterAll(() => bed.stop());

// SQS delays in whole seconds and counts approximately (no completed jobs); only FIFO queues
// deduplicate job ids. `dedupesJobIds` and `counts` are the capabilities this adapter asks the
// contract for (see README, "Contract").
const fifoCapabilities = { delayGranularityMs: 1000, counts: 'approximate' as const };
const standardCapabilities = { ...fifoCapabilities, dedupesJobIds: false };

describeWorkerContract(
  'sqs (standard queue)',
  async () => {
    const { queueUrl, deadLetterQueueUrl } = await bed.queues();
    return createSqsWorker(bed.options(queueUrl, { deadLetterQueueUrl }));
  },
  standardCapabilities,
);

describeWorkerContract(
  'sqs (FIFO queue, dead-letter queue from its redrive policy)',
  async () => {
    const { queueUrl } = await bed.queues({ fifo: true, maxReceiveCount: 10 });
    return createSqsWorker(bed.options(queueUrl));
  },
  fifoCapabilities,
);
