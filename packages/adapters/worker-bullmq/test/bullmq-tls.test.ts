import { readFileSync } from 'node:fs';
import { describeWithBinaries, describeWorkerContract, useTlsRedis } from '@bharatmart/testkit';
import { createBullmqWorker } from '../src/index.js';
import { uniquePrefix } from './redis-test-keys.js';

// The TLS server is the test's own and stopped afterwards, so its keys need no cleanup.
describeWithBinaries(
  ['redis-server', 'openssl'],
  'redis-server openssl',
  'bull-queue worker over TLS',
  () => {
    const redis = useTlsRedis();
    describeWorkerContract('bull-queue', async () =>
      createBullmqWorker({
        redisUrl: redis().url(),
        tlsCa: readFileSync(redis().certificates.caFile, 'utf8'),
        prefix: uniquePrefix('tls'),
      }),
    );
  },
);
