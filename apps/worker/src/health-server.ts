import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { statusOnly } from '@bharatmart/runtime';
import type { Container, MetricsRegistry } from '@bharatmart/runtime';

/**
 * The worker's probe endpoints: `/healthz` answers 200 while the process lives; `/readyz` answers 200
 * only while this worker consumes jobs and its queue and database answered their last health check
 * (container.health, checked once per interval, not per probe), 503 otherwise, with each adapter's
 * name, type, status and latency in the body (no messages: this port has no authentication);
 * `/metrics` serves `metrics` (the process's registry) in the Prometheus text format.
 */
export function startHealthServer(
  container: Container,
  port: number,
  isConsuming: () => boolean,
  metrics: MetricsRegistry,
): Promise<Server> {
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/healthz') return reply(200, { status: 'ok' });
    if (request.url === '/metrics') {
      void metrics.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': metrics.contentType });
          response.end(text);
        },
        () => reply(500, { error: { code: 'INTERNAL_ERROR', message: 'metrics could not be collected' } }),
      );
      return;
    }
    if (request.url !== '/readyz')
      return reply(404, { error: { code: 'NOT_FOUND', message: 'Try /healthz, /readyz or /metrics' } });
    void container.health.report().then(({ ready, adapters }) => {
      const consuming = isConsuming();
      reply(consuming && ready ? 200 : 503, {
        status: consuming && ready ? 'ready' : 'unavailable',
        consuming,
        adapters: statusOnly(adapters),
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}
