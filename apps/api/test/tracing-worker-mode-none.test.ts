import { afterAll, expect, it } from '@jest/globals';
import { createPostgresTestDatabase, describeWithService, serviceUrl } from '@bharatmart/testkit';
import { expectTracedJourney } from './tracing-journey.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

await describeWithService(
  ['postgres', 'redis'],
  'tracing across processes (API on WORKER_MODE=none, workers on BullMQ)',
  () => {
    it('a job the API only wrote to the outbox, relayed and run by start:worker processes, stays in the trace of the POST /api/v1/orders that wrote it', async () => {
      const database = await createPostgresTestDatabase('i19_tracing_none');
      cleanups.push(database.drop);
      const spans = await expectTracedJourney(
        {
          DATABASE_TYPE: 'postgresql',
          DATABASE_URL: database.url,
          WORKER_MODE: 'bull-queue',
          QUEUE_REDIS_URL: serviceUrl('redis'),
          QUEUE_PREFIX: database.name,
        },
        cleanups,
        { apiEnv: { WORKER_MODE: 'none' } },
      );
      // The API has no queue and no relay: the context crossed processes in the outbox row alone,
      // and a worker's relay dispatched the job in the request's trace.
      const relays = spans.filter((span) => span.name === 'relay payment.charge');
      expect(relays.map((span) => span.service)).toEqual(relays.map(() => 'bharatmart-worker'));
    }, 180_000);
  },
);
