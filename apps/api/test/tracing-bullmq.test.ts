import { afterEach, expect, it } from '@jest/globals';
import { createPostgresTestDatabase, describeWithService, serviceUrl } from '@bharatmart/testkit';
import { expectTracedJourney } from './tracing-journey.js';

const cleanups: (() => Promise<unknown>)[] = [];
// Each test's processes and database go before the next test starts.
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh PostgreSQL database and the settings of BullMQ on it (a queue prefix of its own). */
async function onBullmq(name: string): Promise<Record<string, string>> {
  const database = await createPostgresTestDatabase(name);
  cleanups.push(database.drop);
  return {
    DATABASE_TYPE: 'postgresql',
    DATABASE_URL: database.url,
    WORKER_MODE: 'bull-queue',
    QUEUE_REDIS_URL: serviceUrl('redis'),
    QUEUE_PREFIX: database.name,
  };
}

await describeWithService(['postgres', 'redis'], 'tracing across processes (PostgreSQL + BullMQ)', () => {
  it('a payment.charge run by one of two start:worker processes is in the trace of the POST /api/v1/orders that wrote it', async () => {
    await expectTracedJourney(await onBullmq('i19_tracing_bullmq'), cleanups);
  }, 180_000);

  it('a job the API on WORKER_MODE=none only wrote to the outbox, relayed and run by start:worker processes, stays in the trace of the POST /api/v1/orders that wrote it', async () => {
    const spans = await expectTracedJourney(await onBullmq('i19_tracing_none'), cleanups, {
      apiEnv: { WORKER_MODE: 'none' },
    });
    // The API has no queue and no relay: the context crossed processes in the outbox row alone,
    // and a worker's relay dispatched the job in the request's trace.
    const relays = spans.filter((span) => span.name === 'relay payment.charge');
    expect(relays.map((span) => span.service)).toEqual(relays.map(() => 'bharatmart-worker'));
  }, 180_000);
});
