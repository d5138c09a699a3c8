import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { operation, responses } from '../http/openapi.js';
import { ref, userSchema } from '../http/schemas.js';

const credentials = {
  email: { type: 'string', format: 'email', maxLength: 254 },
  password: { type: 'string', minLength: 8, maxLength: 128 },
} as const;

const session = {
  type: 'object',
  required: ['user', 'token'],
  properties: {
    user: ref(userSchema),
    token: { type: 'string', description: 'Send as `Authorization: Bearer <token>`' },
  },
  examples: [
    {
      user: userSchema.examples[0],
      token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfOGYyYzFhIn0.c2lnbmF0dXJl',
    },
  ],
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
          ...operation({
            operationId: 'register',
            tag: 'auth',
            access: 'public',
            summary: 'Create a customer account',
            description:
              'Rate limited per client address (`AUTH_RATE_LIMIT_MAX` per `AUTH_RATE_LIMIT_WINDOW_SECONDS`).',
          }),
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['email', 'password', 'name'],
            properties: {
              ...credentials,
              name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
            },
            examples: [{ email: 'asha@example.in', password: 'correct horse battery', name: 'Asha' }],
          },
          response: responses({ 201: session }, 'EMAIL_TAKEN'),
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
          ...operation({
            operationId: 'login',
            tag: 'auth',
            access: 'public',
            summary: 'Exchange credentials for a token',
            description:
              'A wrong password and an unknown email get the same 401. Rate limited like registration.',
          }),
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['email', 'password'],
            properties: {
              email: { type: 'string', minLength: 1, maxLength: 254 },
              password: { type: 'string', minLength: 1, maxLength: 128 },
            },
            examples: [{ email: 'asha@example.in', password: 'correct horse battery' }],
          },
          response: responses({ 200: session }, 'UNAUTHENTICATED'),
        },
      },
      async (request) => {
        const user = await container.auth.login(request.body.email, request.body.password);
        return { user, token: await tokens.issue(user) };
      },
    );
  };
}
