import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from '@jest/globals';
import { JOB_NAMES } from '@bharatmart/core';
import { describeWithService, serviceUrl } from '@bharatmart/testkit';
import { createBullmqWorker } from '@bharatmart/worker-bullmq';
import { Redis } from 'ioredis';
import { parseAllDocuments } from 'yaml';

// The KEDA redis triggers read LLEN of the keys the ScaledObject names. This checks, on a real Redis
// with the real adapter, that those keys are where BullMQ keeps a waiting job and are lists (KEDA's
// scaler asks TYPE and counts a list with LLEN), with the manifest's prefix swapped for a test one.
const MANIFEST = fileURLToPath(
  new URL('../kubernetes-autoscaling/bullmq/worker-scaledobject.yaml', import.meta.url),
);
const listNames =
  parseAllDocuments(readFileSync(MANIFEST, 'utf8'))
    .map(
      (document) =>
        document.toJS() as { kind: string; spec: { triggers?: { metadata: { listName: string } }[] } },
    )
    .find((object) => object.kind === 'ScaledObject')
    ?.spec.triggers?.map((trigger) => trigger.metadata.listName) ?? [];
const redisUrl = serviceUrl('redis');
const prefix = `bmtest-keda-${randomUUID().slice(0, 8)}`;

await describeWithService('redis', 'the BullMQ ScaledObject on a real Redis', () => {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const worker = createBullmqWorker({ redisUrl, prefix });
  afterAll(async () => {
    await worker.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.unlink(...keys);
    redis.disconnect();
  });

  it('counts every job enqueued and not yet taken in the lists its triggers name', async () => {
    expect(listNames).toHaveLength(JOB_NAMES.length);
    for (const [index, job] of JOB_NAMES.entries()) {
      for (let i = 0; i <= index % 3; i += 1)
        await worker.enqueue(job, {} as never, { jobId: `${job}-${i}` });
    }
    for (const [index, job] of JOB_NAMES.entries()) {
      const key =
        listNames.find((name) => name === `bharatmart:${job}:wait`)?.replace(/^bharatmart:/, `${prefix}:`) ??
        '';
      expect([job, await redis.type(key), await redis.llen(key)]).toEqual([job, 'list', (index % 3) + 1]);
    }
  });
});
