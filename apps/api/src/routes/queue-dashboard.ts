import { createHash } from 'node:crypto';
import { DomainError, offersDashboardQueues } from '@bharatmart/core';
import type { Container } from '@bharatmart/runtime';
import type { BullMQAdapter as BullMqBoardAdapter } from '@bull-board/api/bullMQAdapter';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { STATUS_BY_CODE, errorBody } from '../http/error-shape.js';

/** Where the queue dashboard is served. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** How long a checked Basic credential is trusted before its password is checked again. */
const CHECKED_CREDENTIAL_TTL_MS = 60_000;
const CHALLENGE = 'Basic realm="BharatMart queues", charset="UTF-8"';

/** A BullMQ queue as bull-board takes it; the worker port hands queues out without their type. */
type BullmqQueue = ConstructorParameters<typeof BullMqBoardAdapter>[0];

/**
 * Serves the bull-board queue dashboard at /admin/queues when the worker offers BullMQ queues for a
 * dashboard (WORKER_MODE=bull-queue; other modes have none; /api/v1/admin/jobs serves every mode). Only admins get in: with an admin bearer token,
 * or — so a browser can open it — HTTP Basic with the admin's email and password. Password checks
 * share the login rate limit per client address; a wrong or missing credential gets 401 with a
 * Basic challenge, a customer's 403, both in the API's error shape.
 */
export async function registerQueueDashboard(
  app: FastifyInstance,
  container: Container,
  tokens: Tokens,
): Promise<void> {
  const { worker } = container;
  if (!worker || !offersDashboardQueues(worker) || worker.queueLibrary !== 'bullmq') return;
  const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/fastify'),
  ]);
  const serverAdapter = new FastifyAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    // queueLibrary 'bullmq' promises BullMQ Queues.
    queues: worker.dashboardQueues().map((queue) => new BullMQAdapter(queue as BullmqQueue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'BharatMart queues' } },
  });

  await app.register(async (scope) => {
    const { rateLimitMax, rateLimitWindowSeconds } = container.config.auth;
    const limitPasswordChecks = scope.rateLimit({
      max: rateLimitMax,
      timeWindow: rateLimitWindowSeconds * 1000,
    });
    const checked = new Map<string, number>();
    // The dashboard's own routes are not part of the public API: keep them out of the OpenAPI document.
    scope.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });

    const admitBasic = async (request: FastifyRequest, reply: FastifyReply, encoded: string) => {
      const fingerprint = createHash('sha256').update(encoded).digest('hex');
      if ((checked.get(fingerprint) ?? 0) > Date.now()) return;
      await limitPasswordChecks.call(scope, request, reply);
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = await container.auth.login(decoded.slice(0, colon), decoded.slice(colon + 1));
      if (user.role !== 'admin') throw new DomainError('FORBIDDEN', 'The queue dashboard is for admins');
      checked.set(fingerprint, Date.now() + CHECKED_CREDENTIAL_TTL_MS);
    };

    scope.addHook('onRequest', async (request, reply) => {
      try {
        const [scheme, credential] = (request.headers.authorization ?? '').split(/\s+/, 2);
        if (scheme?.toLowerCase() === 'bearer' && credential) {
          if ((await tokens.verify(credential)).role !== 'admin')
            throw new DomainError('FORBIDDEN', 'The queue dashboard is for admins');
        } else if (scheme?.toLowerCase() === 'basic' && credential) {
          await admitBasic(request, reply, credential);
        } else {
          throw new DomainError('UNAUTHENTICATED', 'Sign in as an admin to see the queues');
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'UNAUTHENTICATED') reply.header('www-authenticate', CHALLENGE);
        return reply.code(STATUS_BY_CODE[error.code]).send(errorBody(error.code, error.message));
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
