import type { ShippingAddress } from '@bharatmart/core';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { authenticate, caller } from '../http/auth.js';
import { idParamSchema, responses, savedAddressSchema, shippingAddressSchema } from '../http/schemas.js';

/** The caller's saved shipping addresses; everyone, admins included, sees and changes only their own. */
export function addressRoutes(container: Container, tokens: Tokens) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', authenticate(tokens));
    const secured = { tags: ['addresses'], security: [{ bearer: [] }] };

    app.get(
      '/',
      {
        schema: {
          ...secured,
          summary: 'Your saved addresses, oldest first',
          response: responses({ 200: { type: 'array', items: savedAddressSchema } }, 401),
        },
      },
      async (request) => container.addresses.list(caller(request)),
    );

    app.post<{ Body: ShippingAddress }>(
      '/',
      {
        schema: {
          ...secured,
          summary: 'Save an address',
          description:
            '400: an unknown GST state code, a bad PIN code or phone. 409 `CONFLICT`: 20 addresses are saved already.',
          body: shippingAddressSchema,
          response: responses({ 201: savedAddressSchema }, 400, 401, 409),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await container.addresses.add(caller(request), request.body)),
    );

    app.get<{ Params: { id: string } }>(
      '/:id',
      {
        schema: {
          ...secured,
          summary: 'One of your saved addresses',
          params: idParamSchema,
          response: responses({ 200: savedAddressSchema }, 401, 404),
        },
      },
      async (request) => container.addresses.get(caller(request), request.params.id),
    );

    app.delete<{ Params: { id: string } }>(
      '/:id',
      {
        schema: {
          ...secured,
          summary: 'Delete one of your saved addresses',
          params: idParamSchema,
          response: responses({ 204: { type: 'null', description: 'Deleted' } }, 401, 404),
        },
      },
      async (request, reply) => {
        await container.addresses.delete(caller(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
