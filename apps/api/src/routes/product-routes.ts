import type { NewProduct, ProductPatch, ProductQuery } from '@bharatmart/core';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { authenticate, requireAdmin } from '../http/auth.js';
import { operation, responses } from '../http/openapi.js';
import { responseRenderer, sendRendered } from '../http/rendered-json.js';
import {
  idParamSchema,
  newProductSchema,
  productPage,
  productPatchSchema,
  productQuerySchema,
  productSchema,
  ref,
} from '../http/schemas.js';

/**
 * Browsing the catalog (public, cached) and managing it (admin). Reads are cached as the response
 * text their schema renders and sent as they are, so a cache hit serialises nothing.
 */
export function productRoutes(container: Container, tokens: Tokens) {
  const adminOnly = [authenticate(tokens), requireAdmin];
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: ProductQuery }>(
      '',
      {
        schema: {
          ...operation({
            operationId: 'listProducts',
            tag: 'catalog',
            access: 'public',
            summary: 'Search and list products',
            description:
              '`search` matches name, SKU and description (case-insensitive, accents count); `limit`/`offset` page the matches; `total` is exact up to a cap (see `totalCapped`), beyond which `totalCapped` is true and `total` a lower bound.',
          }),
          querystring: productQuerySchema,
          response: responses({ 200: productPage(ref(productSchema)) }),
        },
      },
      async (request, reply) =>
        sendRendered(reply, await container.catalog.listJson(request.query, responseRenderer(reply))),
    );

    app.get<{ Params: { id: string } }>(
      '/:id',
      {
        schema: {
          ...operation({
            operationId: 'getProduct',
            tag: 'catalog',
            access: 'public',
            summary: 'One product',
          }),
          params: idParamSchema,
          response: responses({ 200: ref(productSchema) }, 'NOT_FOUND'),
        },
      },
      async (request, reply) =>
        sendRendered(reply, await container.catalog.getJson(request.params.id, responseRenderer(reply))),
    );

    app.post<{ Body: NewProduct }>(
      '',
      {
        onRequest: adminOnly,
        schema: {
          ...operation({
            operationId: 'createProduct',
            tag: 'catalog',
            access: 'admin',
            summary: 'Add a product (admin)',
          }),
          body: newProductSchema,
          response: responses({ 201: ref(productSchema) }, 'CONFLICT'),
        },
      },
      async (request, reply) => reply.status(201).send(await container.catalog.create(request.body)),
    );

    app.patch<{ Params: { id: string }; Body: ProductPatch }>(
      '/:id',
      {
        onRequest: adminOnly,
        schema: {
          ...operation({
            operationId: 'updateProduct',
            tag: 'catalog',
            access: 'admin',
            summary: 'Change a product (admin)',
          }),
          params: idParamSchema,
          body: productPatchSchema,
          response: responses({ 200: ref(productSchema) }, 'NOT_FOUND', 'CONFLICT'),
        },
      },
      async (request) => container.catalog.update(request.params.id, request.body),
    );
  };
}
