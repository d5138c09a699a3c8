import type { ShippingAddress } from '@bharatmart/core';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { authenticate, caller } from '../http/auth.js';
import { operation, responses } from '../http/openapi.js';
import { idParamSchema, ref, savedAddressSchema, shippingAddressSchema } from '../http/schemas.js';

/** The caller's saved shipping addresses; everyone, admins included, sees and changes only their own. */
export function addressRoutes(container: Container, tokens: Tokens) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', authenticate(tokens));

    app.get(
      '',
      {
        schema: {
          ...operation({
            operationId: 'listAddresses',
            tag: 'addresses',
            access: 'customer',
            summary: 'Your saved addresses, oldest first',
          }),
          response: responses({ 200: { type: 'array', items: ref(savedAddressSchema) } }),
        },
      },
      async (request) => container.addresses.list(caller(request)),
    );

    app.post<{ Body: ShippingAddress }>(
      '',
      {
        schema: {
          ...operation({
            operationId: 'addAddress',
            tag: 'addresses',
            access: 'customer',
            summary: 'Save an address',
            description:
              '400: an unknown GST state code, a bad PIN code or phone. 409 `CONFLICT`: 20 addresses are saved already.',
          }),
          body: shippingAddressSchema,
          response: responses({ 201: ref(savedAddressSchema) }, 'CONFLICT'),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await container.addresses.add(caller(request), request.body)),
    );

    app.get<{ Params: { id: string } }>(
      '/:id',
      {
        schema: {
          ...operation({
            operationId: 'getAddress',
            tag: 'addresses',
            access: 'customer',
            summary: 'One of your saved addresses',
          }),
          params: idParamSchema,
          response: responses({ 200: ref(savedAddressSchema) }, 'NOT_FOUND'),
        },
      },
      async (request) => container.addresses.get(caller(request), request.params.id),
    );

    app.delete<{ Params: { id: string } }>(
      '/:id',
      {
        schema: {
          ...operation({
            operationId: 'deleteAddress',
            tag: 'addresses',
            access: 'customer',
            summary: 'Delete one of your saved addresses',
          }),
          params: idParamSchema,
          response: responses({ 204: { type: 'null', description: 'Deleted' } }, 'NOT_FOUND'),
        },
      },
      async (request, reply) => {
        await container.addresses.delete(caller(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
