import { afterAll, expect } from '@jest/globals';
import { describeWithService, describeWorkerContract, serviceUrl } from '@bharatmart/testkit';
import { createBullmqWorker } from '../src/index.js';
import { countKeys, deleteKeys, uniquePrefix } from './redis-test-keys.js';

const redisUrl = serviceUrl('redis');
const prefixes: string[] = [];

await describeWithService('redis', 'bull-queue worker on Redis', () => {
  describeWorkerContract('bull-queue', async () => {
    const prefix = uniquePrefix('contract');
    prefixes.push(prefix);
    return createBullmqWorker({ redisUrl, prefix });
  });

  afterAll(async () => {
    await deleteKeys(redisUrl, prefixes);
    for (const prefix of prefixes) expect(await countKeys(redisUrl, prefix)).toBe(0);
  });
});
