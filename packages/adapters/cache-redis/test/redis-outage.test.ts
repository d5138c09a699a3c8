import { randomUUID } from 'node:crypto';
import { describeCacheOutage, describeWithService, freePort, privateRedisServer } from '@bharatmart/testkit';
import { createRedisCache } from '../src/index.js';

await describeWithService('redis', 'redis outage behind the circuit breaker', () => {
  describeCacheOutage('redis', {
    server: async () => privateRedisServer(await freePort()),
    createCache: ({ server, timeoutMs, circuitBreaker, logger }) =>
      createRedisCache({
        url: `redis://127.0.0.1:${server.port}`,
        keyPrefix: `outage-${randomUUID()}:`,
        commandTimeoutMs: timeoutMs,
        circuitBreaker,
        logger,
      }),
  });
});
