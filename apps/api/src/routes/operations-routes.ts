import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** How long /readyz waits for one adapter's health check before calling it down. */
const HEALTH_TIMEOUT_MS = 2000;

/** /healthz (the process lives), /readyz (every adapter answers) and /metrics. */
export function operationsRoutes(container: Container, metrics: Registry) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness' } }, async () => ({
      status: 'ok',
    }));

    app.get(
      '/readyz',
      { schema: { tags: ['operations'], summary: 'Readiness of every configured adapter' } },
      async (_request, reply) => {
        const adapters = await Promise.all(
          container.adapters.map(async ({ port, adapter }) => {
            const health = await withTimeout(adapter.health());
            // An API that only enqueues keeps taking orders while the queue is down: jobs wait in the
            // outbox, so the queue being down degrades it instead of making it unready.
            const buffered = port === 'worker' && !container.runsJobs && health.status === 'down';
            return {
              name: port,
              type: adapter.name,
              ...health,
              ...(buffered ? { status: 'degraded' as const } : {}),
            };
          }),
        );
        const ready = adapters.every((adapter) => adapter.status !== 'down');
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', adapters });
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

async function withTimeout<T extends { status: string }>(
  check: Promise<T>,
): Promise<T | { status: 'down'; latencyMs: number; message: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ status: 'down'; latencyMs: number; message: string }>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'down', latencyMs: HEALTH_TIMEOUT_MS, message: 'health check timed out' }),
      HEALTH_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
