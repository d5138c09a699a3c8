import { AdapterError, DomainError } from '@bharatmart/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { STATUS_BY_CODE, errorBody } from './error-shape.js';

/** Fastify's own client-error codes, answered with their status and a stable code of ours. */
export const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
};

/**
 * Turns every failure into the error shape of docs/api.md: validation → 400 naming each field,
 * domain errors → their status, a backend down → 503, anything a client sent → 4xx; only a bug of
 * ours is a 500, logged with its stack.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const details = error.validation.map((issue) => ({
        field: fieldName(error.validationContext, issue.instancePath, issue.params),
        message: issue.message ?? 'is invalid',
      }));
      return reply.status(400).send(errorBody('VALIDATION_FAILED', 'The request is not valid', details));
    }
    if (error instanceof DomainError) {
      return reply
        .status(STATUS_BY_CODE[error.code])
        .send(errorBody(error.code, error.message, error.details));
    }
    if (error instanceof AdapterError) {
      request.log.error({ err: error }, 'backend unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send(errorBody('UNAVAILABLE', 'A backend service is unavailable; try again shortly'));
    }
    if (
      error instanceof SyntaxError ||
      (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    ) {
      const status = error.statusCode ?? 400;
      const code = FASTIFY_CODES[error.code] ?? (status === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST');
      return reply.status(status).send(errorBody(code, error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL_ERROR', 'Something went wrong on our side'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

function fieldName(
  context: string | undefined,
  instancePath: string,
  params: Record<string, unknown>,
): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const extra =
    typeof params.missingProperty === 'string'
      ? params.missingProperty
      : typeof params.additionalProperty === 'string'
        ? params.additionalProperty
        : '';
  const field = [path, extra].filter(Boolean).join('.');
  return field || (context ?? 'body');
}
