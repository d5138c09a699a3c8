import { statusOnly } from '@bharatmart/runtime';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Tokens } from '../http/auth.js';
import { isAdminRequest } from '../http/auth.js';
import { operation, responses } from '../http/openapi.js';

const readinessSchema = {
  type: 'object',
  required: ['status', 'adapters'],
  properties: {
    status: { type: 'string', enum: ['ready', 'unavailable'] },
    adapters: {
      type: 'array',
      description: "Each configured adapter; `message` only for an admin's bearer token",
      items: {
        type: 'object',
        required: ['name', 'type', 'status', 'latencyMs'],
        additionalProperties: true,
        properties: {
          name: { type: 'string' },
          type: { type: 'string' },
          status: { type: 'string', enum: ['up', 'degraded', 'down'] },
          latencyMs: { type: 'number' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

/**
 * /healthz (the process lives), /readyz (every adapter the API needs answers) and /metrics. Readiness
 * is served from the last health check (container.health), never by calling backends per request;
 * only an admin's bearer token adds each adapter's message and details, which may name hosts.
 */
export function operationsRoutes(container: Container, metrics: Registry, tokens: Tokens) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/healthz',
      {
        schema: {
          ...operation({
            operationId: 'getHealth',
            tag: 'operations',
            access: 'public',
            summary: 'Liveness',
          }),
          response: responses({
            200: {
              type: 'object',
              required: ['status'],
              properties: { status: { type: 'string', enum: ['ok'] } },
            },
          }),
        },
      },
      async () => ({ status: 'ok' }),
    );

    app.get(
      '/readyz',
      {
        schema: {
          ...operation({
            operationId: 'getReadiness',
            tag: 'operations',
            access: 'public',
            summary: 'Readiness of every configured adapter',
            description:
              "Served from the last health check. A bearer token is optional: an admin's adds each adapter's details.",
          }),
          response: responses({
            200: readinessSchema,
            503: { ...readinessSchema, 'x-response-description': 'An adapter the API needs is down' },
          }),
        },
      },
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
      {
        schema: {
          ...operation({
            operationId: 'getMetrics',
            tag: 'operations',
            access: 'public',
            summary: 'Prometheus metrics',
          }),
          response: responses({
            200: {
              description: 'Metrics in the Prometheus text exposition format',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          }),
        },
      },
      async (_request, reply) =>
        reply.header('content-type', metrics.contentType).send(await metrics.metrics()),
    );
  };
}
