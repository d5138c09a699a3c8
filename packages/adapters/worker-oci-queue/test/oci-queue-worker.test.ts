import { fileURLToPath } from 'node:url';
import { queueOf } from '@bharatmart/core';
import type { IWorkerAdapter } from '@bharatmart/core';
import { describePollingWorkerScenarios, waitUntil } from '@bharatmart/testkit';
import { SimpleAuthenticationDetailsProvider } from 'oci-common';
import { QueueClient } from 'oci-queue';
import { createOciQueueWorker } from '../src/index.js';
import type { OciQueueWorkerOptions } from '../src/index.js';
import { identity, startOciQueueTestBed } from './oci-queue-test-bed.js';
import type { OciQueueTestBed } from './oci-queue-test-bed.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/oci-queue-worker-process.mjs', import.meta.url));
let bed: OciQueueTestBed;
const opened: IWorkerAdapter[] = [];

beforeAll(async () => {
  bed = await startOciQueueTestBed();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((worker) => worker.close()));
});
afterAll(() => bed.standin.stop());

/** A real SDK client on the stand-in, to look into a queue as an operator would. */
function sdkClient(): QueueClient {
  const { tenancy, user, fingerprint, privateKey } = identity;
  const client = new QueueClient({
    authenticationDetailsProvider: new SimpleAuthenticationDetailsProvider(
      tenancy,
      user,
      fingerprint,
      privateKey,
      null,
    ),
  });
  client.endpoint = bed.standin.url;
  return client;
}

/** Options for a fresh queue (visibility 2 s, long polls of 1 s), with `maxDeliveryAttempts` when given. */
const freshQueue = (maxDeliveryAttempts?: number): OciQueueWorkerOptions =>
  bed.options(
    { visibilityTimeoutSeconds: 2, waitTimeSeconds: 1 },
    maxDeliveryAttempts === undefined ? undefined : { maxDeliveryAttempts },
  );

/** An adapter with `options`, closed after the test. */
function open(options: OciQueueWorkerOptions): IWorkerAdapter {
  const worker = createOciQueueWorker(options);
  opened.push(worker);
  return worker;
}

describePollingWorkerScenarios('oci-queue', {
  name: 'oci-queue',
  maxWaitTimeSeconds: 30,
  async queue({ maxDeliveries } = {}) {
    const options = freshQueue(maxDeliveries);
    const { queueId } = options;
    const client = sdkClient();
    const stats = async (channelId: string) =>
      (await client.getStats({ queueId, channelId })).queueStats.queue;
    return {
      worker: (settings) => createOciQueueWorker({ ...options, ...settings }),
      async depth(name) {
        const [channel, delayed] = await Promise.all([stats(name), stats(`delayed-${queueOf(name)}`)]);
        return {
          visible: channel.visibleMessages,
          inFlight: channel.inFlightMessages,
          delayed: delayed.visibleMessages + delayed.inFlightMessages,
        };
      },
      workerProcess: {
        script: FIXTURE,
        env: {
          QUEUE_ID: queueId,
          ENDPOINT: bed.standin.url,
          TENANCY: identity.tenancy,
          USER_OCID: identity.user,
          FINGERPRINT: identity.fingerprint,
          PRIVATE_KEY: identity.privateKey,
          VISIBILITY_S: '2',
        },
      },
    };
  },
  withoutQueue: () => createOciQueueWorker(bed.options({ queueId: '' })),
  missingQueue: () => ({
    worker: createOciQueueWorker(bed.options({ queueId: 'ocid1.queue.oc1..absent' })),
    code: 'NotAuthorizedOrNotFound',
  }),
});

describe('createOciQueueWorker', () => {
  it('is named oci-queue and durable, and reports unusable authentication settings as MISCONFIGURED', async () => {
    const worker = open(freshQueue());
    expect([worker.name, worker.durable]).toEqual(['oci-queue', true]);
    const misconfigured = open({
      queueId: 'ocid1.queue.oc1..x',
      endpoint: bed.standin.url,
      auth: { method: 'config-file', configFile: '/nonexistent/oci/config' },
    });
    await expect(misconfigured.start()).rejects.toMatchObject({
      adapter: 'oci-queue',
      code: 'MISCONFIGURED',
    });
  });

  it('counts a job the queue moved to its own dead-letter queue after maxDeliveryAttempts as failed', async () => {
    const options = freshQueue(2);
    const worker = open(options);
    await worker.enqueue('email.welcome', { userId: 'u-1' });
    const client = sdkClient();
    const take = () =>
      client.getMessages({
        queueId: options.queueId,
        channelFilter: 'email.welcome',
        visibilityInSeconds: 0,
        timeoutInSeconds: 0,
        limit: 1,
      });
    for (let i = 0; i < 3; i += 1) await take();
    expect((await worker.counts()).email).toMatchObject({ waiting: 0, active: 0, failed: 1 });
  });

  it('counts a delayed job as delayed until it is due, then runs it as a first try', async () => {
    const worker = open(freshQueue());
    const ran: { at: number; attempt: number }[] = [];
    worker.process('payment.verify', async (job) => void ran.push({ at: Date.now(), attempt: job.attempt }));
    await worker.start();
    const before = Date.now();
    await worker.enqueue('payment.verify', { orderId: 'o-3' }, { delayMs: 1500 });
    expect((await worker.counts()).payment).toMatchObject({ delayed: 1, waiting: 0 });
    await waitUntil('the delayed job ran', 10_000, async () => ran.length === 1);
    expect((ran[0]?.at ?? 0) - before).toBeGreaterThanOrEqual(1500);
    expect(ran[0]?.attempt).toBe(1);
    await waitUntil('no job is delayed', 10_000, async () => (await worker.counts()).payment.delayed === 0);
  });
});
