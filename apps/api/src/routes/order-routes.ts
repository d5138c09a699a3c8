import type { PlaceOrderInput } from '@bharatmart/core';
import { renderInvoicePdf } from '@bharatmart/invoice-pdf';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { authenticate, caller, requireAdmin } from '../http/auth.js';
import {
  idParamSchema,
  invoiceSchema,
  newOrderSchema,
  orderSchema,
  page,
  pageQuerySchema,
  responses,
} from '../http/schemas.js';

const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
  },
} as const;

/** Placing and following orders. Customers see only their own; admins see and ship all. */
export function orderRoutes(container: Container, tokens: Tokens) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', authenticate(tokens));
    const secured = { tags: ['orders'], security: [{ bearer: [] }] };

    app.post<{
      Body: Pick<PlaceOrderInput, 'items' | 'shippingAddress'>;
      Headers: { 'idempotency-key'?: string };
    }>(
      '/',
      {
        schema: {
          ...secured,
          summary: 'Place an order (stock is reserved at once; payment is charged by a job)',
          description:
            '409 `INSUFFICIENT_STOCK`: a product lacks stock, nothing is reserved. 409 `TOO_MANY_PENDING_ORDERS`: ' +
            'the customer already holds ORDER_MAX_PENDING_PER_CUSTOMER unpaid orders (details `maxPendingOrders`); ' +
            'nothing is reserved until one is paid or cancelled. A repeated Idempotency-Key still returns its order. ' +
            '400: a shipping address with an unknown state code, a bad PIN code or phone.',
          headers: idempotencyHeaders,
          body: newOrderSchema,
          response: responses({ 201: orderSchema }, 400, 401, 404, 409, 422),
        },
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const { items, shippingAddress } = request.body;
        const { order, created } = await container.orders.place(caller(request), {
          items,
          ...(shippingAddress ? { shippingAddress } : {}),
          ...(key === undefined ? {} : { idempotencyKey: key }),
        });
        if (!created) reply.header('idempotent-replayed', 'true');
        return reply.status(201).send(order);
      },
    );

    app.get<{ Querystring: { limit: number; offset: number } }>(
      '/',
      {
        schema: {
          ...secured,
          summary: 'Your orders (admin: all)',
          querystring: pageQuerySchema,
          response: responses({ 200: page(orderSchema) }, 400, 401),
        },
      },
      async (request) => container.orders.list(caller(request), request.query),
    );

    app.get<{ Params: { id: string } }>(
      '/:id',
      {
        schema: {
          ...secured,
          summary: 'One order',
          params: idParamSchema,
          response: responses({ 200: orderSchema }, 401, 404),
        },
      },
      async (request) => container.orders.get(caller(request), request.params.id),
    );

    app.post<{ Params: { id: string } }>(
      '/:id/cancel',
      {
        schema: {
          ...secured,
          summary: 'Cancel an order; stock returns and a paid order is refunded',
          params: idParamSchema,
          response: responses({ 200: orderSchema }, 401, 404, 409, 422),
        },
      },
      async (request) => container.orders.cancel(caller(request), request.params.id),
    );

    app.post<{ Params: { id: string } }>(
      '/:id/ship',
      {
        onRequest: requireAdmin,
        schema: {
          ...secured,
          summary: 'Mark a confirmed order shipped (admin)',
          params: idParamSchema,
          response: responses({ 200: orderSchema }, 401, 403, 404, 422),
        },
      },
      async (request) => container.orders.ship(request.params.id),
    );

    app.get<{ Params: { id: string } }>(
      '/:id/invoice',
      {
        schema: {
          ...secured,
          summary: 'The GST tax invoice, once the invoice job has run (owner or admin)',
          params: idParamSchema,
          response: responses({ 200: invoiceSchema }, 401, 404),
        },
      },
      async (request) => container.orders.invoice(caller(request), request.params.id),
    );

    app.get<{ Params: { id: string } }>(
      '/:id/invoice.pdf',
      {
        schema: {
          ...secured,
          summary: 'The GST tax invoice as a PDF (owner or admin)',
          description:
            'The same invoice as `GET /api/v1/orders/{id}/invoice`, printed; 404 until the invoice job has run.',
          params: idParamSchema,
          response: responses(
            {
              200: {
                description: 'An A4 PDF tax invoice',
                content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
              },
            },
            401,
            404,
          ),
        },
      },
      async (request, reply) => {
        const invoice = await container.orders.invoice(caller(request), request.params.id);
        const pdf = await renderInvoicePdf(invoice);
        const filename = `invoice-${invoice.number.replaceAll('/', '-')}.pdf`;
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${filename}"`)
          .send(pdf);
      },
    );
  };
}
