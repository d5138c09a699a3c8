import { randomUUID } from 'node:crypto';
import { ChildServer, describeCacheOutage, describeWithService, freePort } from '@bharatmart/testkit';
import { createMemcachedCache } from '../src/index.js';

await describeWithService('memcached', 'memcached outage behind the circuit breaker', () => {
  describeCacheOutage('memcached', {
    server: async () => {
      const port = await freePort();
      const args = ['-u', 'root', '-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '16'];
      return new ChildServer('memcached', args, port);
    },
    createCache: ({ server, timeoutMs, circuitBreaker, logger }) =>
      createMemcachedCache({
        servers: `127.0.0.1:${server.port}`,
        keyPrefix: `outage-${randomUUID()}:`,
        timeoutMs,
        circuitBreaker,
        logger,
      }),
  });
});
