import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Container } from '@bharatmart/runtime';

/**
 * The worker's probe endpoints: `/healthz` answers 200 while the process lives; `/readyz` answers 200
 * only while this worker consumes jobs and its queue and database answer their health checks, 503
 * otherwise, with each adapter's status in the body.
 */
export function startHealthServer(
  container: Container,
  port: number,
  isConsuming: () => boolean,
): Promise<Server> {
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/healthz') return reply(200, { status: 'ok' });
    if (request.url !== '/readyz')
      return reply(404, { error: { code: 'NOT_FOUND', message: 'Try /healthz or /readyz' } });
    void Promise.all(
      container.adapters
        .filter(({ port: kind }) => kind === 'worker' || kind === 'database')
        .map(async ({ port: kind, adapter }) => ({
          name: kind,
          type: adapter.name,
          ...(await adapter.health()),
        })),
    ).then((adapters) => {
      const ready = isConsuming() && adapters.every((adapter) => adapter.status !== 'down');
      reply(ready ? 200 : 503, {
        status: ready ? 'ready' : 'unavailable',
        consuming: isConsuming(),
        adapters,
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}
