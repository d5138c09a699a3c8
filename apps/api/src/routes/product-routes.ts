import type { NewProduct, ProductPatch, ProductQuery } from '@bharatmart/core';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { authenticate, requireAdmin } from '../http/auth.js';
import { responseRenderer, sendRendered } from '../http/rendered-json.js';
import {
  idParamSchema,
  newProductSchema,
  page,
  productPatchSchema,
  productQuerySchema,
  productSchema,
  responses,
} from '../http/schemas.js';

/**
 * Browsing the catalog (public, cached) and managing it (admin). Reads are cached as the response
 * text their schema renders and sent as they are, so a cache hit serialises nothing.
 */
export function productRoutes(container: Container, tokens: Tokens) {
  const adminOnly = [authenticate(tokens), requireAdmin];
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: ProductQuery }>(
      '/',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Search and list products',
          querystring: productQuerySchema,
          response: responses({ 200: page(productSchema) }, 400),
        },
      },
      async (request, reply) =>
        sendRendered(reply, await container.catalog.listJson(request.query, responseRenderer(reply))),
    );

    app.get<{ Params: { id: string } }>(
      '/:id',
      {
        schema: {
          tags: ['catalog'],
          summary: 'One product',
          params: idParamSchema,
          response: responses({ 200: productSchema }, 404),
        },
      },
      async (request, reply) =>
        sendRendered(reply, await container.catalog.getJson(request.params.id, responseRenderer(reply))),
    );

    app.post<{ Body: NewProduct }>(
      '/',
      {
        onRequest: adminOnly,
        schema: {
          tags: ['catalog'],
          summary: 'Add a product (admin)',
          security: [{ bearer: [] }],
          body: newProductSchema,
          response: responses({ 201: productSchema }, 400, 401, 403, 409),
        },
      },
      async (request, reply) => reply.status(201).send(await container.catalog.create(request.body)),
    );

    app.patch<{ Params: { id: string }; Body: ProductPatch }>(
      '/:id',
      {
        onRequest: adminOnly,
        schema: {
          tags: ['catalog'],
          summary: 'Change a product (admin)',
          security: [{ bearer: [] }],
          params: idParamSchema,
          body: productPatchSchema,
          response: responses({ 200: productSchema }, 400, 401, 403, 404, 409),
        },
      },
      async (request) => container.catalog.update(request.params.id, request.body),
    );
  };
}
