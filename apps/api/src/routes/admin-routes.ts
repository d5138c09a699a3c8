import { DomainError, inspectsFailedJobs } from '@bharatmart/core';
import { describeConfig, redactedConfig } from '@bharatmart/runtime';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { authenticate, requireAdmin } from '../http/auth.js';
import { operation, responses } from '../http/openapi.js';
import { databaseSwitchRoutes } from './database-switch-routes.js';
import { statusRoutes } from './status-routes.js';

const emailSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    to: { type: 'string' },
    subject: { type: 'string' },
    body: { type: 'string' },
    template: { type: 'string' },
    transport: { type: 'string' },
    sentAt: { type: 'string' },
  },
} as const;

/** The configuration as `describeConfig` summarises it and `redactedConfig` lists it (free-form). */
const configSchema = {
  type: 'object',
  required: ['summary', 'config'],
  properties: {
    summary: { type: 'string' },
    config: { type: 'object', additionalProperties: true },
  },
} as const;

/** The worker mode, job counts by queue and state, and recent failed jobs. */
const jobsSchema = {
  type: 'object',
  required: ['mode', 'queues', 'failed'],
  properties: {
    mode: { type: 'string' },
    queues: {
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    },
    failed: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'queue', 'attempts', 'error', 'failedAt'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          queue: { type: 'string' },
          payload: {},
          attempts: { type: 'integer' },
          error: { type: 'string' },
          failedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

/** Operator views: configuration, backend status, queues and sent email. Admin only. */
export function adminRoutes(container: Container, tokens: Tokens) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', authenticate(tokens));
    app.addHook('onRequest', requireAdmin);
    await app.register(databaseSwitchRoutes(container));
    await app.register(statusRoutes(container));

    app.get(
      '/config',
      {
        schema: {
          ...operation({
            operationId: 'getConfig',
            tag: 'admin',
            access: 'admin',
            summary: 'The resolved deployment configuration, secrets redacted',
          }),
          response: responses({ 200: configSchema }),
        },
      },
      async () => ({
        summary: describeConfig(container.config),
        config: redactedConfig(container.config),
      }),
    );

    app.get(
      '/jobs',
      {
        schema: {
          ...operation({
            operationId: 'getJobs',
            tag: 'admin',
            access: 'admin',
            summary: 'Job counts by queue and state, and recent failed jobs',
          }),
          response: responses({ 200: jobsSchema }),
        },
      },
      async () => {
        const worker = container.worker;
        if (!worker) return { mode: container.config.worker.mode, queues: {}, failed: [] };
        // A queue that keeps no failed jobs to inspect lists none.
        const [queues, failed] = await Promise.all([
          worker.counts(),
          inspectsFailedJobs(worker) ? worker.failedJobs(50) : [],
        ]);
        return { mode: container.config.worker.mode, queues, failed };
      },
    );

    app.post<{ Params: { id: string } }>(
      '/jobs/:id/retry',
      {
        schema: {
          ...operation({
            operationId: 'retryJob',
            tag: 'admin',
            access: 'admin',
            summary: 'Put a failed job back in its queue',
          }),
          params: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string', minLength: 1, maxLength: 300 } },
          },
          response: responses(
            { 200: { type: 'object', properties: { id: { type: 'string' }, retried: { type: 'boolean' } } } },
            'NOT_FOUND',
          ),
        },
      },
      async (request) => {
        const worker = container.worker;
        if (!worker) throw new DomainError('UNAVAILABLE', 'No queue is configured (WORKER_MODE=none)');
        if (!inspectsFailedJobs(worker)) {
          throw new DomainError('UNAVAILABLE', `The ${worker.name} queue cannot retry failed jobs`);
        }
        if (!(await worker.retry(request.params.id))) {
          throw new DomainError('NOT_FOUND', `No failed job ${request.params.id}`);
        }
        return { id: request.params.id, retried: true };
      },
    );

    app.get<{ Querystring: { to?: string; limit: number } }>(
      '/emails',
      {
        schema: {
          ...operation({
            operationId: 'listEmails',
            tag: 'admin',
            access: 'admin',
            summary: 'Email the workers sent, newest first',
          }),
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              to: { type: 'string', maxLength: 254 },
              limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            },
          },
          response: responses({
            200: {
              type: 'object',
              required: ['items'],
              properties: { items: { type: 'array', items: emailSchema } },
            },
          }),
        },
      },
      async (request) => ({
        items: await container.db.emails.list({
          limit: request.query.limit,
          ...(request.query.to ? { to: request.query.to } : {}),
        }),
      }),
    );
  };
}
