import { activeDatabasePath } from '@bharatmart/runtime';
import type { Container } from '@bharatmart/runtime';
import { reportsCircuitState } from '@bharatmart/core';
import type { FastifyInstance } from 'fastify';
import { operation, responses } from '../http/openapi.js';

const portSchema = {
  type: 'object',
  required: ['port', 'backend', 'status', 'latencyMs', 'changedAt', 'upSeconds'],
  properties: {
    port: { type: 'string', enum: ['database', 'cache', 'secrets', 'worker'] },
    backend: { type: 'string', description: 'The backend serving the port, e.g. `postgresql`, `redis`' },
    status: { type: 'string', enum: ['up', 'degraded', 'down'] },
    message: { type: 'string', description: 'Why it is not up, as its last check said' },
    checkedAt: { type: 'string', format: 'date-time', description: 'When its last check finished' },
    latencyMs: { type: 'number', description: 'Response time of its last check' },
    upSeconds: {
      type: 'number',
      description: 'Seconds since the process started that its checks found it up',
    },
    changedAt: {
      type: 'string',
      format: 'date-time',
      description: 'When its status last changed (the process start if it never did)',
    },
    failoverPath: {
      type: 'string',
      enum: ['primary', 'fallback'],
      description: 'The database serving now, for a failover pair (DATABASE_FALLBACK_TYPE)',
    },
    circuit: {
      type: 'string',
      enum: ['closed', 'open', 'half-open'],
      description: "The state of the cache's circuit breaker, for a cache behind one",
    },
  },
} as const;

const statusSchema = {
  type: 'object',
  required: ['ready', 'startedAt', 'uptimeSeconds', 'ports'],
  properties: {
    ready: { type: 'boolean', description: 'What /readyz answers: no port the API needs is down' },
    startedAt: { type: 'string', format: 'date-time', description: "When this process's checks started" },
    uptimeSeconds: { type: 'number', description: 'Seconds this process has been running' },
    ports: { type: 'array', items: portSchema },
  },
} as const;

/**
 * `GET /status`: each port's backend and health as last checked by this process (container.health,
 * never a backend call per request), with when it was checked and last changed, its up time, the
 * failover pair's serving side and the cache's circuit state. Registered inside the admin routes.
 */
export function statusRoutes(container: Container) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/status',
      {
        schema: {
          ...operation({
            operationId: 'getBackendStatus',
            tag: 'admin',
            access: 'admin',
            summary: "Each backend's health, as last checked by this process",
            description:
              'Served from the last health check (every HEALTH_CHECK_INTERVAL_SECONDS); never calls a backend.',
          }),
          response: responses({ 200: statusSchema }),
        },
      },
      async () => {
        const { ready, startedAt, adapters } = await container.health.history();
        const path = activeDatabasePath(container.db);
        const cache = container.cache;
        return {
          ready,
          startedAt,
          uptimeSeconds: Math.round(process.uptime()),
          ports: adapters.map(({ name, type, ...health }) => ({
            port: name,
            backend: type,
            status: health.status,
            ...(health.message === undefined ? {} : { message: health.message }),
            ...(health.checkedAt === undefined ? {} : { checkedAt: health.checkedAt }),
            latencyMs: health.latencyMs,
            upSeconds: health.upSeconds,
            changedAt: health.changedAt,
            ...(name === 'database' && path ? { failoverPath: path } : {}),
            ...(name === 'cache' && reportsCircuitState(cache) ? { circuit: cache.circuitState() } : {}),
          })),
        };
      },
    );
  };
}
