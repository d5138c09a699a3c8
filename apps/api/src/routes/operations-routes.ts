import { statusOnly } from '@bharatmart/runtime';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Tokens } from '../http/auth.js';
import { isAdminRequest } from '../http/auth.js';

/**
 * /healthz (the process lives), /readyz (every adapter the API needs answers) and /metrics. Readiness
 * is served from the last health check (container.health), never by calling backends per request;
 * only an admin's bearer token adds each adapter's message and details, which may name hosts.
 */
export function operationsRoutes(container: Container, metrics: Registry, tokens: Tokens) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness' } }, async () => ({
      status: 'ok',
    }));

    app.get(
      '/readyz',
      { schema: { tags: ['operations'], summary: 'Readiness of every configured adapter' } },
      async (request, reply) => {
        const { ready, adapters } = await container.health.report();
        return reply.status(ready ? 200 : 503).send({
          status: ready ? 'ready' : 'unavailable',
          adapters: (await isAdminRequest(tokens, request)) ? adapters : statusOnly(adapters),
        });
      },
    );

    app.get(
      '/metrics',
      { schema: { tags: ['operations'], summary: 'Prometheus metrics' } },
      async (_request, reply) =>
        reply.header('content-type', metrics.contentType).send(await metrics.metrics()),
    );
  };
}
