import { afterAll, it } from '@jest/globals';
import { createPostgresTestDatabase, describeWithService, serviceUrl } from '@bharatmart/testkit';
import { expectTracedJourney } from './tracing-journey.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

await describeWithService(['postgres', 'redis'], 'tracing across processes (PostgreSQL + BullMQ)', () => {
  it('a payment.charge run by one of two start:worker processes is in the trace of the POST /api/v1/orders that wrote it', async () => {
    const database = await createPostgresTestDatabase('i19_tracing_bullmq');
    cleanups.push(database.drop);
    await expectTracedJourney(
      {
        DATABASE_TYPE: 'postgresql',
        DATABASE_URL: database.url,
        WORKER_MODE: 'bull-queue',
        QUEUE_REDIS_URL: serviceUrl('redis'),
        QUEUE_PREFIX: database.name,
      },
      cleanups,
    );
  }, 180_000);
});
