import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from '@jest/globals';
import { describeWithService, serviceUrl } from '@bharatmart/testkit';
import type { Container } from '../src/index.js';
import { testContainer } from './support.js';

let container: Container | undefined;

afterAll(async () => {
  await container?.close(1000);
});

await describeWithService('redis', 'the outbox relay on BullMQ', () => {
  it('a job the queue refuses stays in the outbox and does not hold back the jobs after it', async () => {
    container = await testContainer({
      SEED_DEMO_DATA: 'false',
      WORKER_MODE: 'bull-queue',
      QUEUE_REDIS_URL: serviceUrl('redis'),
      QUEUE_PREFIX: `refusal-${randomUUID()}`,
    });
    await container.db.outbox.add([
      { name: 'email.low-stock', payload: { productId: 'p1' }, key: 'email.low-stock@p1:o1' },
      { name: 'email.welcome', payload: { userId: 'u1' }, key: 'email.welcome@u1' },
    ]);
    expect(await container.relay?.drain()).toBe(1);
    expect((await container.db.outbox.pending(10)).map((entry) => entry.key)).toEqual([
      'email.low-stock@p1:o1',
    ]);
    expect(await container.relay?.drain()).toBe(0);
  });
});
