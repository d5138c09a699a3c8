import { invoiceFileName, type PlaceOrderInput } from '@bharatmart/core';
import { renderInvoicePdf } from '@bharatmart/invoice-pdf';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { authenticate, caller, requireAdmin } from '../http/auth.js';
import { operation, responses } from '../http/openapi.js';
import {
  idParamSchema,
  invoiceSchema,
  newOrderSchema,
  orderSchema,
  page,
  pageQuerySchema,
  placedOrderSchema,
  ref,
} from '../http/schemas.js';

const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'Makes a retried request return the order the first one placed (docs/api.md, Idempotency)',
    },
  },
} as const;

/**
 * PDFs one account may ask for in a minute, per API process: each is rendered on request (about
 * 10 ms of CPU), so the limit bounds what one account's loop can cost the shop.
 */
const INVOICE_PDFS_PER_MINUTE = 20;

/** Placing and following orders. Customers see only their own; admins see and ship all. */
export function orderRoutes(container: Container, tokens: Tokens) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', authenticate(tokens));

    app.post<{
      Body: Pick<PlaceOrderInput, 'items' | 'shippingAddress'>;
      Headers: { 'idempotency-key'?: string };
    }>(
      '',
      {
        schema: {
          ...operation({
            operationId: 'placeOrder',
            tag: 'orders',
            access: 'customer',
            summary:
              'Place an order (stock is reserved at once; payment is charged by a job, or made at the checkout it carries)',
            description:
              '409 `INSUFFICIENT_STOCK`: a product lacks stock, nothing is reserved. 409 `TOO_MANY_PENDING_ORDERS`: ' +
              'the customer already holds ORDER_MAX_PENDING_PER_CUSTOMER unpaid orders (details `maxPendingOrders`); ' +
              'nothing is reserved until one is paid or cancelled. A repeated Idempotency-Key still returns its order ' +
              '(with the header `Idempotent-Replayed: true`). 400: a shipping address with an unknown state code, a ' +
              'bad PIN code or phone. With PAYMENT_PROVIDER=razorpay the order carries `checkout` (the Razorpay ' +
              'order to pay); when Razorpay cannot be reached the order is placed but the answer is 503: repeat ' +
              'with the same Idempotency-Key, or GET /api/v1/orders/{id}/checkout.',
          }),
          headers: idempotencyHeaders,
          body: newOrderSchema,
          response: responses(
            {
              201: {
                ...ref(placedOrderSchema),
                headers: {
                  'idempotent-replayed': {
                    type: 'string',
                    enum: ['true'],
                    description:
                      'Present when an earlier request with the same Idempotency-Key placed the order',
                  },
                },
              },
            },
            'NOT_FOUND',
            'INSUFFICIENT_STOCK',
            'TOO_MANY_PENDING_ORDERS',
            'IDEMPOTENCY_KEY_REUSED',
          ),
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
        const awaitingPayment = order.status === 'pending' && order.paymentStatus === 'pending';
        if (!container.checkout.enabled || !awaitingPayment) return reply.status(201).send(order);
        const checkout = await container.checkout.open(caller(request), order.id);
        return reply.status(201).send({ ...order, checkout });
      },
    );

    app.get<{ Querystring: { limit: number; offset: number } }>(
      '',
      {
        schema: {
          ...operation({
            operationId: 'listOrders',
            tag: 'orders',
            access: 'customer',
            summary: 'Your orders (admin: all)',
          }),
          querystring: pageQuerySchema,
          response: responses({ 200: page(ref(orderSchema)) }),
        },
      },
      async (request) => container.orders.list(caller(request), request.query),
    );

    app.get<{ Params: { id: string } }>(
      '/:id',
      {
        schema: {
          ...operation({ operationId: 'getOrder', tag: 'orders', access: 'customer', summary: 'One order' }),
          params: idParamSchema,
          response: responses({ 200: ref(orderSchema) }, 'NOT_FOUND'),
        },
      },
      async (request) => container.orders.get(caller(request), request.params.id),
    );

    app.post<{ Params: { id: string } }>(
      '/:id/cancel',
      {
        schema: {
          ...operation({
            operationId: 'cancelOrder',
            tag: 'orders',
            access: 'customer',
            summary: 'Cancel an order; stock returns and a paid order is refunded',
          }),
          params: idParamSchema,
          response: responses({ 200: ref(orderSchema) }, 'NOT_FOUND', 'CONFLICT', 'INVALID_STATE'),
        },
      },
      async (request) => container.orders.cancel(caller(request), request.params.id),
    );

    app.post<{ Params: { id: string } }>(
      '/:id/ship',
      {
        onRequest: requireAdmin,
        schema: {
          ...operation({
            operationId: 'shipOrder',
            tag: 'orders',
            access: 'admin',
            summary: 'Mark a confirmed order shipped (admin)',
          }),
          params: idParamSchema,
          response: responses({ 200: ref(orderSchema) }, 'NOT_FOUND', 'INVALID_STATE'),
        },
      },
      async (request) => container.orders.ship(request.params.id),
    );

    app.get<{ Params: { id: string } }>(
      '/:id/invoice',
      {
        schema: {
          ...operation({
            operationId: 'getInvoice',
            tag: 'orders',
            access: 'customer',
            summary: 'The GST tax invoice, once the invoice job has run (owner or admin)',
            description: '404 `NOT_FOUND` until the invoice job has issued it.',
          }),
          params: idParamSchema,
          response: responses({ 200: ref(invoiceSchema) }, 'NOT_FOUND'),
        },
      },
      async (request) => container.orders.invoice(caller(request), request.params.id),
    );

    app.get<{ Params: { id: string } }>(
      '/:id/invoice.pdf',
      {
        // Counted per account once authenticated (preHandler), in each API process.
        config: {
          rateLimit: {
            max: INVOICE_PDFS_PER_MINUTE,
            timeWindow: 60_000,
            hook: 'preHandler',
            keyGenerator: (request: FastifyRequest) => `invoice-pdf:${caller(request).id}`,
          },
        },
        schema: {
          ...operation({
            operationId: 'getInvoicePdf',
            tag: 'orders',
            access: 'customer',
            summary: 'The GST tax invoice as a PDF (owner or admin)',
            description: `The same invoice as \`GET /api/v1/orders/{id}/invoice\`, printed; 404 \`NOT_FOUND\` until the invoice job has run. Each PDF is rendered on request, so an account may ask for at most ${INVOICE_PDFS_PER_MINUTE} a minute (429 \`RATE_LIMITED\` beyond that).`,
          }),
          params: idParamSchema,
          response: responses(
            {
              200: {
                description: 'An A4 PDF tax invoice',
                content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
              },
            },
            'NOT_FOUND',
          ),
        },
      },
      async (request, reply) => {
        const invoice = await container.orders.invoice(caller(request), request.params.id);
        const pdf = await renderInvoicePdf(invoice);
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${invoiceFileName(invoice)}"`)
          .send(pdf);
      },
    );
  };
}
