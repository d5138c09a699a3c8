import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import { operation, responses } from '../http/openapi.js';
import { webhookOutcomeSchema } from '../http/schemas.js';

/** Largest webhook body accepted (413 beyond); Razorpay's events are a few kilobytes. */
export const WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;

const signatureHeaders = {
  type: 'object',
  properties: {
    'x-razorpay-signature': {
      type: 'string',
      description: 'HMAC-SHA256 (hex) of the raw body with RAZORPAY_WEBHOOK_SECRET; 401 when absent or wrong',
    },
  },
} as const;

/**
 * POST /api/v1/webhooks/razorpay. Anonymous: the body is kept as raw bytes (the signature covers the
 * exact body) up to WEBHOOK_BODY_LIMIT_BYTES, and the signature is verified before anything is
 * asked of Razorpay or the database.
 */
export function webhookRoutes(container: Container) {
  return async (app: FastifyInstance): Promise<void> => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/razorpay',
      {
        bodyLimit: WEBHOOK_BODY_LIMIT_BYTES,
        schema: {
          ...operation({
            operationId: 'receiveRazorpayWebhook',
            tag: 'payments',
            // Authenticated by its signature, not by a bearer token.
            access: 'public',
            summary: 'Razorpay webhook: payment.captured, payment.failed, refund.processed',
            description:
              'Verified with `X-Razorpay-Signature` (HMAC-SHA256 of the raw body with RAZORPAY_WEBHOOK_SECRET); ' +
              '401 `UNAUTHENTICATED` when it does not verify, before anything else. `payment.captured` records the ' +
              'capture (404 for an order that is not ours, 400 for another amount); `refund.processed` marks a ' +
              'cancelled paid order refunded; `payment.failed` changes nothing (the customer may pay again; expiry ' +
              'cancels). A delivery repeated, or before or after the checkout callback, changes the order once. ' +
              '404 also when PAYMENT_PROVIDER is not `razorpay`.',
          }),
          headers: signatureHeaders,
          response: responses({ 200: webhookOutcomeSchema }, 'UNAUTHENTICATED', 'NOT_FOUND'),
        },
      },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        return { outcome: await container.checkout.webhook(body, request.headers) };
      },
    );
  };
}
