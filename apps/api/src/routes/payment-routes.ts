import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import type { Tokens } from '../http/auth.js';
import { authenticate, caller } from '../http/auth.js';
import { operation, responses } from '../http/openapi.js';
import {
  checkoutCallbackSchema,
  checkoutSessionSchema,
  idParamSchema,
  orderSchema,
  ref,
} from '../http/schemas.js';

interface CheckoutCallbackBody {
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature: string;
}

/**
 * Paying an order at the provider's checkout (PAYMENT_PROVIDER=razorpay): the checkout of an order
 * and the checkout callback. With a gateway that charges on the server (`simulated`) both answer 404.
 */
export function paymentRoutes(container: Container, tokens: Tokens) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', authenticate(tokens));

    app.get<{ Params: { id: string } }>(
      '/:id/checkout',
      {
        schema: {
          ...operation({
            operationId: 'getCheckout',
            tag: 'payments',
            access: 'customer',
            summary: "The checkout of an unpaid order: what Razorpay's checkout is opened with",
            description:
              'Opens the Razorpay order once (amount in paise, receipt = the order id); a repeat returns the same. ' +
              '422 `INVALID_STATE`: the order no longer awaits payment. 404 also when PAYMENT_PROVIDER takes no ' +
              'payments at a checkout. 503: Razorpay cannot be reached.',
          }),
          params: idParamSchema,
          response: responses({ 200: ref(checkoutSessionSchema) }, 'NOT_FOUND', 'INVALID_STATE'),
        },
      },
      async (request) => container.checkout.open(caller(request), request.params.id),
    );

    app.post<{ Params: { id: string }; Body: CheckoutCallbackBody }>(
      '/:id/payment',
      {
        schema: {
          ...operation({
            operationId: 'recordCheckoutPayment',
            tag: 'payments',
            access: 'customer',
            summary: "Record a payment made at Razorpay's checkout (the checkout callback)",
            description:
              'The body is what Razorpay Standard Checkout hands the page. 400 `VALIDATION_FAILED`: the signature ' +
              '(HMAC-SHA256 of `order_id|payment_id` with the key secret) does not verify, or the payment is for ' +
              'another order or amount; nothing changes. 422 `INVALID_STATE`: the payment did not complete. ' +
              '409 `CONFLICT`: the order was paid by another payment. A repeat, or a call after the webhook ' +
              'recorded the payment, returns the paid order.',
          }),
          params: idParamSchema,
          body: checkoutCallbackSchema,
          response: responses({ 200: ref(orderSchema) }, 'NOT_FOUND', 'CONFLICT', 'INVALID_STATE'),
        },
      },
      async (request) =>
        container.checkout.confirm(caller(request), request.params.id, {
          providerOrderId: request.body.razorpay_order_id,
          paymentId: request.body.razorpay_payment_id,
          signature: request.body.razorpay_signature,
        }),
    );
  };
}
