import { fileURLToPath } from 'node:url';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { inspectsFailedJobs, offersDashboardQueues } from '@bharatmart/core';
import type { IWorkerAdapter } from '@bharatmart/core';
import { describePollingWorkerScenarios, waitUntil } from '@bharatmart/testkit';
import type { PollingWorkerSettings } from '@bharatmart/testkit';
import { createSqsWorker } from '../src/index.js';
import { startSqsTestBed } from './sqs-test-queues.js';
import type { SqsTestBed } from './sqs-test-queues.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/sqs-worker-process.mjs', import.meta.url));
let bed: SqsTestBed;
const opened: IWorkerAdapter[] = [];

beforeAll(async () => {
  bed = await startSqsTestBed();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((worker) => worker.close()));
});
afterAll(() => bed.stop());

/** An adapter on `queues` (visibility 2 s, long polls of 1 s unless `settings` say otherwise). */
const workerOn = (
  queues: { queueUrl: string; deadLetterQueueUrl: string },
  settings: PollingWorkerSettings = {},
): IWorkerAdapter =>
  createSqsWorker(
    bed.options(queues.queueUrl, {
      deadLetterQueueUrl: queues.deadLetterQueueUrl,
      visibilityTimeoutSeconds: 2,
      waitTimeSeconds: 1,
      ...settings,
    }),
  );

describePollingWorkerScenarios('sqs', {
  name: 'sqs',
  maxWaitTimeSeconds: 20,
  async queue({ maxDeliveries } = {}) {
    const queues = await bed.queues({ maxReceiveCount: maxDeliveries });
    return {
      worker: (settings) => workerOn(queues, settings),
      // One queue carries every job name.
      depth: () => bed.depth(queues.queueUrl),
      workerProcess: {
        script: FIXTURE,
        env: {
          QUEUE_URL: queues.queueUrl,
          DLQ_URL: queues.deadLetterQueueUrl,
          ENDPOINT: bed.standin.url,
          VISIBILITY_S: '2',
        },
      },
    };
  },
  withoutQueue: () => createSqsWorker(bed.options('', {})),
  missingQueue: () => ({
    worker: createSqsWorker(
      bed.options(`${bed.standin.url}/000000000000/absent`, { deadLetterQueueUrl: 'x' }),
    ),
    code: 'QueueDoesNotExist',
  }),
});

describe('createSqsWorker', () => {
  it('is named sqs and durable, and refuses to start without a dead-letter queue', async () => {
    const { queueUrl } = await bed.queues();
    const worker = createSqsWorker(bed.options(queueUrl));
    opened.push(worker);
    expect([worker.name, worker.durable]).toEqual(['sqs', true]);
    await expect(worker.start()).rejects.toMatchObject({ adapter: 'sqs', code: 'MISCONFIGURED' });
  });

  it('declares approximate counts, failed-job inspection, and deduplicated job ids on FIFO queues only', async () => {
    const standard = createSqsWorker(bed.options((await bed.queues()).queueUrl));
    const fifo = createSqsWorker(bed.options((await bed.queues({ fifo: true })).queueUrl));
    opened.push(standard, fifo);
    expect([standard.dedupesJobIds, fifo.dedupesJobIds]).toEqual([false, true]);
    for (const worker of [standard, fifo]) {
      expect(worker.countAccuracy).toBe('approximate');
      expect(inspectsFailedJobs(worker)).toBe(true);
      expect(offersDashboardQueues(worker)).toBe(false);
    }
  });

  it('re-delays a delay carrier received before it is due, and runs its job as a first try', async () => {
    const queues = await bed.queues();
    const worker = workerOn(queues);
    opened.push(worker);
    const ran: { at: number; attempt: number }[] = [];
    worker.process('payment.verify', async (job) => void ran.push({ at: Date.now(), attempt: job.attempt }));
    await worker.start();
    const runAt = Date.now() + 1500;
    const carrier = {
      id: 'verify@o-3',
      name: 'payment.verify',
      payload: { orderId: 'o-3' },
      attempts: 5,
      backoff: { type: 'fixed', delayMs: 0 },
      runAt,
    };
    await bed.client.send(
      new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: JSON.stringify(carrier) }),
    );
    await waitUntil('the delayed job ran', 10_000, async () => ran.length === 1);
    expect(ran[0]?.at).toBeGreaterThanOrEqual(runAt);
    expect(ran[0]?.attempt).toBe(1);
    expect(bed.standin.operations.filter((op) => op === 'SendMessage').length).toBeGreaterThanOrEqual(2);
  });
});
