import { describeWorkerContract } from '@bharatmart/testkit';
import { createSqsWorker } from '../src/index.js';
import { startSqsTestBed } from './sqs-test-queues.js';
import type { SqsTestBed } from './sqs-test-queues.js';

let bed: SqsTestBed;
beforeAll(async () => {
  bed = await startSqsTestBed();
});
afterAll(() => bed.stop());

// SQS delays in whole seconds. The adapter declares its own capabilities, which the contract reads:
// approximate counts (no completed jobs), and job ids deduplicated only on FIFO queues.
const options = { delayGranularityMs: 1000 };

describeWorkerContract(
  'sqs (standard queue)',
  async () => {
    const { queueUrl, deadLetterQueueUrl } = await bed.queues();
    return createSqsWorker(bed.options(queueUrl, { deadLetterQueueUrl }));
  },
  options,
);

describeWorkerContract(
  'sqs (FIFO queue, dead-letter queue from its redrive policy)',
  async () => {
    const { queueUrl } = await bed.queues({ fifo: true, maxReceiveCount: 10 });
    return createSqsWorker(bed.options(queueUrl));
  },
  options,
);
