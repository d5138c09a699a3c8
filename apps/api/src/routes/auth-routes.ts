import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { responses, userSchema } from '../http/schemas.js';

const credentials = {
  email: { type: 'string', format: 'email', maxLength: 254 },
  password: { type: 'string', minLength: 8, maxLength: 128 },
} as const;

const session = {
  type: 'object',
  required: ['user', 'token'],
  properties: { user: userSchema, token: { type: 'string' } },
} as const;

/** Registration and login; both are rate limited per client address. */
export function authRoutes(container: Container, tokens: Tokens) {
  const rateLimit = {
    max: container.config.auth.rateLimitMax,
    timeWindow: container.config.auth.rateLimitWindowSeconds * 1000,
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: { email: string; password: string; name: string } }>(
      '/register',
      {
        config: { rateLimit },
        schema: {
          tags: ['auth'],
          summary: 'Create a customer account',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['email', 'password', 'name'],
            properties: {
              ...credentials,
              name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
            },
          },
          response: responses({ 201: session }, 400, 409, 429),
        },
      },
      async (request, reply) => {
        const user = await container.auth.register(request.body);
        return reply.status(201).send({ user, token: await tokens.issue(user) });
      },
    );

    app.post<{ Body: { email: string; password: string } }>(
      '/login',
      {
        config: { rateLimit },
        schema: {
          tags: ['auth'],
          summary: 'Exchange credentials for a token',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['email', 'password'],
            properties: {
              email: { type: 'string', minLength: 1, maxLength: 254 },
              password: { type: 'string', minLength: 1, maxLength: 128 },
            },
          },
          response: responses({ 200: session }, 400, 401, 429),
        },
      },
      async (request) => {
        const user = await container.auth.login(request.body.email, request.body.password);
        return { user, token: await tokens.issue(user) };
      },
    );
  };
}
