import { DomainError } from '@bharatmart/core';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import { operation, responses } from '../http/openapi.js';

const statusSchema = {
  type: 'object',
  required: ['state', 'from', 'log'],
  properties: {
    state: { type: 'string', enum: ['idle', 'running', 'flipped', 'failed'] },
    from: { type: 'string' },
    to: { type: 'string' },
    startedAt: { type: 'string' },
    finishedAt: { type: 'string' },
    phase: { type: 'string' },
    log: { type: 'array', items: { type: 'string' } },
    report: {
      type: 'object',
      properties: {
        switchId: { type: 'string' },
        writePauseMs: { type: 'number' },
        copiedRows: { type: 'number' },
        appliedChanges: { type: 'number' },
        totalMs: { type: 'number' },
        tables: {
          type: 'array',
          items: {
            type: 'object',
            properties: { table: { type: 'string' }, rows: { type: 'number' }, match: { type: 'boolean' } },
          },
        },
      },
    },
    error: { type: 'string' },
  },
} as const;

/**
 * The live database switch run by this API process: `POST` starts it towards the NEXT_ database (the
 * only way to switch an embedded PGlite database), `GET` follows it. Registered inside the admin
 * routes, so admin only.
 */
export function databaseSwitchRoutes(container: Container) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/database/switch',
      {
        schema: {
          ...operation({
            operationId: 'getDatabaseSwitch',
            tag: 'admin',
            access: 'admin',
            summary: 'Progress and outcome of the live database switch run by this process',
          }),
          response: responses({ 200: statusSchema }),
        },
      },
      async () => container.databaseSwitch.status(),
    );
    app.post(
      '/database/switch',
      {
        // The switch takes no input: a body, which could only be a mistake or an attack, is refused
        // before anything starts.
        preValidation: (request, _reply, done) =>
          done(
            request.body === undefined || request.body === null || isEmptyObject(request.body)
              ? undefined
              : new DomainError('VALIDATION_FAILED', 'This operation takes no request body'),
          ),
        schema: {
          ...operation({
            operationId: 'startDatabaseSwitch',
            tag: 'admin',
            access: 'admin',
            summary: 'Start a live switch to the NEXT_ database while the shop keeps running',
            description:
              '409 `CONFLICT`: a switch is running, no NEXT_ database is configured, or it was already switched to.',
          }),
          response: responses({ 202: statusSchema }, 'VALIDATION_FAILED', 'CONFLICT'),
        },
      },
      async (_request, reply) => reply.status(202).send(container.databaseSwitch.start()),
    );
  };
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}
