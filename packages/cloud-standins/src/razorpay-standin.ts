import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createStandinApp, listen, rawBody } from './standin-server.js';
import type { RunningStandin, SeenRequest } from './standin-server.js';

/** The key pair the Razorpay stand-in accepts (HTTP Basic auth, key id as user, secret as password). */
export interface RazorpayStandinOptions {
  keyId?: string;
  keySecret?: string;
  /** The secret webhook deliveries are signed with. */
  webhookSecret?: string;
}

/** An order as Razorpay's Orders API returns it. */
export interface RazorpayOrderEntity {
  id: string;
  entity: 'order';
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  receipt: string | null;
  offer_id: null;
  status: 'created' | 'attempted' | 'paid';
  attempts: number;
  notes: Record<string, string>;
  created_at: number;
  /** Not in Razorpay's response: whether payments are captured automatically (`payment_capture`). */
  autoCapture: boolean;
}

/** A payment as Razorpay's Payments API returns it (the fields BharatMart reads, and a few more). */
export interface RazorpayPaymentEntity {
  id: string;
  entity: 'payment';
  amount: number;
  currency: string;
  status: 'created' | 'authorized' | 'captured' | 'refunded' | 'failed';
  order_id: string;
  method: string;
  amount_refunded: number;
  refund_status: 'partial' | 'full' | null;
  captured: boolean;
  email: string;
  contact: string;
  notes: Record<string, string>;
  error_code: string | null;
  error_description: string | null;
  error_source: string | null;
  error_step: string | null;
  error_reason: string | null;
  created_at: number;
}

/** A refund as Razorpay's Refunds API returns it. */
export interface RazorpayRefundEntity {
  id: string;
  entity: 'refund';
  amount: number;
  currency: string;
  payment_id: string;
  receipt: string | null;
  notes: Record<string, string>;
  status: 'pending' | 'processed' | 'failed';
  speed_processed: 'normal';
  created_at: number;
}

/** A webhook delivery as Razorpay sends it: the exact body and the headers that sign and name it. */
export interface RazorpayWebhookDelivery {
  body: string;
  headers: { 'content-type': string; 'x-razorpay-signature': string; 'x-razorpay-event-id': string };
}

/** What Standard Checkout hands the merchant's page after a successful payment. */
export interface CheckoutSuccess {
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature: string;
}

/** A running Razorpay REST API stand-in (orders, payments, refunds) with test controls. */
export interface RazorpayStandin extends RunningStandin {
  readonly keyId: string;
  readonly keySecret: string;
  readonly webhookSecret: string;
  /**
   * What the customer does in Standard Checkout: pays `providerOrderId` (by default the order's full
   * amount). The payment is `authorized`, or `captured` when the order was created with
   * `payment_capture`; the returned fields carry the checkout signature as Razorpay computes it.
   */
  pay(providerOrderId: string, options?: { amount?: number; method?: string }): CheckoutSuccess;
  /** A payment attempt on `providerOrderId` that the bank declined (status `failed`). */
  failPayment(providerOrderId: string): RazorpayPaymentEntity;
  order(id: string): RazorpayOrderEntity | undefined;
  payment(id: string): RazorpayPaymentEntity | undefined;
  refunds(): readonly RazorpayRefundEntity[];
  /** A signed delivery of `event` about the payment (and its latest refund for `refund.*` events). */
  webhook(
    event: 'payment.authorized' | 'payment.captured' | 'payment.failed' | 'refund.processed',
    paymentId: string,
  ): RazorpayWebhookDelivery;
  /** Until cleared, every API call answers 500 with `SERVER_ERROR` (a Razorpay outage). */
  setOutage(down: boolean): void;
}

class RazorpayError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'BAD_REQUEST_ERROR' | 'SERVER_ERROR',
    readonly description: string,
    readonly field: string | null = null,
    readonly reason = 'input_validation_failed',
  ) {
    super(description);
  }
}

const now = () => Math.floor(Date.now() / 1000);
/** Razorpay ids: a prefix and 14 base62-like characters. */
const newId = (prefix: string) =>
  `${prefix}_${randomBytes(10).toString('base64url').replaceAll(/[-_]/g, 'x').slice(0, 14)}`;
const hmacHex = (secret: string, message: string) =>
  createHmac('sha256', secret).update(message).digest('hex');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The JSON body of a request; `{}` when empty, a Razorpay 400 when not an object. */
function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const raw = rawBody(request);
  if (raw.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw new RazorpayError(400, 'BAD_REQUEST_ERROR', 'The request body is not a JSON object');
}

function positiveAmount(value: unknown, field = 'amount'): number {
  const amount = typeof value === 'string' ? Number(value) : value;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 100) {
    throw new RazorpayError(400, 'BAD_REQUEST_ERROR', 'The amount must be atleast INR 1.00', field);
  }
  return amount;
}

function notesOf(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RazorpayError(400, 'BAD_REQUEST_ERROR', 'notes should be an array', 'notes');
  }
  return Object.fromEntries(Object.entries(value).map(([key, note]) => [key, String(note)]));
}

const collection = <T>(items: T[]) => ({ entity: 'collection', count: items.length, items });
const publicOrder = ({ autoCapture: _autoCapture, ...order }: RazorpayOrderEntity) => order;

/**
 * A stand-in for Razorpay's REST API (`/v1`), for tests through the official `razorpay` SDK: orders
 * (create, fetch, fetch all with `receipt`, fetch payments), payments (fetch, capture, refund, fetch
 * refunds) and refunds (fetch). It checks HTTP Basic auth with the key pair and answers errors in
 * Razorpay's documented shape, `{"error": {code, description, source, step, reason, metadata,
 * field}}`, with 400 for bad requests and 401 for failed authentication. Test controls stand in for
 * the customer's browser (`pay`, `failPayment`) and for Razorpay's webhook deliveries (`webhook`,
 * signed with the webhook secret over the exact body, as Razorpay documents).
 */
export async function startRazorpayStandin(options: RazorpayStandinOptions = {}): Promise<RazorpayStandin> {
  const keyId = options.keyId ?? 'rzp_test_standin0000000';
  const keySecret = options.keySecret ?? 'standin-key-secret-0000000000000';
  const webhookSecret = options.webhookSecret ?? 'standin-webhook-secret-000000000';
  const requests: SeenRequest[] = [];
  const orders = new Map<string, RazorpayOrderEntity>();
  const payments = new Map<string, RazorpayPaymentEntity>();
  const refunds = new Map<string, RazorpayRefundEntity>();
  let outage = false;

  const authOutcome = (request: FastifyRequest): SeenRequest['auth'] => {
    const header = request.headers.authorization;
    if (!header?.startsWith('Basic ')) return 'missing';
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const cut = decoded.indexOf(':');
    return cut > 0 && sameText(decoded.slice(0, cut), keyId) && sameText(decoded.slice(cut + 1), keySecret)
      ? 'accepted'
      : 'rejected';
  };

  const orderOr404 = (id: string) => {
    const order = orders.get(id);
    if (!order) throw new RazorpayError(400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'id');
    return order;
  };
  const paymentOr404 = (id: string) => {
    const payment = payments.get(id);
    if (!payment) throw new RazorpayError(400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'id');
    return payment;
  };

  const capture = (payment: RazorpayPaymentEntity) => {
    payment.status = 'captured';
    payment.captured = true;
    const order = orderOr404(payment.order_id);
    order.amount_paid = payment.amount;
    order.amount_due = Math.max(0, order.amount - payment.amount);
    order.status = 'paid';
  };

  const app = createStandinApp();
  const route = (
    method: 'GET' | 'POST',
    url: string,
    handle: (request: FastifyRequest<{ Params: Record<string, string> }>) => unknown,
  ) =>
    app.route({
      method,
      url,
      handler: async (request: FastifyRequest<{ Params: Record<string, string> }>, reply: FastifyReply) => {
        const auth = authOutcome(request);
        requests.push({ method: request.method, url: request.url, auth });
        try {
          if (auth !== 'accepted') {
            throw new RazorpayError(401, 'BAD_REQUEST_ERROR', 'Authentication failed', null, 'NA');
          }
          if (outage) {
            throw new RazorpayError(
              500,
              'SERVER_ERROR',
              'We are facing some trouble completing your request at the moment. Please try again shortly.',
              null,
              'NA',
            );
          }
          return await reply.code(200).send(handle(request));
        } catch (error) {
          if (!(error instanceof RazorpayError)) throw error;
          return reply.code(error.status).send({
            error: {
              code: error.code,
              description: error.description,
              source: 'business',
              step: 'payment_initiation',
              reason: error.reason,
              metadata: {},
              field: error.field,
            },
          });
        }
      },
    });

  route('POST', '/v1/orders', (request) => {
    const body = jsonBody(request);
    const amount = positiveAmount(body.amount);
    if (body.currency !== undefined && body.currency !== 'INR') {
      throw new RazorpayError(400, 'BAD_REQUEST_ERROR', 'Currency is not supported', 'currency');
    }
    const receipt = body.receipt === undefined ? null : String(body.receipt);
    if (receipt !== null && receipt.length > 40) {
      throw new RazorpayError(
        400,
        'BAD_REQUEST_ERROR',
        'The receipt may not be greater than 40 characters.',
        'receipt',
      );
    }
    const order: RazorpayOrderEntity = {
      id: newId('order'),
      entity: 'order',
      amount,
      amount_paid: 0,
      amount_due: amount,
      currency: 'INR',
      receipt,
      offer_id: null,
      status: 'created',
      attempts: 0,
      notes: notesOf(body.notes),
      created_at: now(),
      autoCapture:
        body.payment_capture === true || body.payment_capture === 1 || body.payment_capture === '1',
    };
    orders.set(order.id, order);
    return publicOrder(order);
  });
  route('GET', '/v1/orders', (request) => {
    const query = request.query as Record<string, string | undefined>;
    const count = Math.min(Number(query.count ?? 10), 100);
    const skip = Number(query.skip ?? 0);
    const matching = [...orders.values()]
      .filter((order) => query.receipt === undefined || order.receipt === query.receipt)
      .reverse();
    return collection(matching.slice(skip, skip + count).map(publicOrder));
  });
  route('GET', '/v1/orders/:id', (request) => publicOrder(orderOr404(request.params.id ?? '')));
  route('GET', '/v1/orders/:id/payments', (request) => {
    const order = orderOr404(request.params.id ?? '');
    return collection([...payments.values()].filter((payment) => payment.order_id === order.id));
  });
  route('GET', '/v1/payments/:id', (request) => paymentOr404(request.params.id ?? ''));
  route('POST', '/v1/payments/:id/capture', (request) => {
    const payment = paymentOr404(request.params.id ?? '');
    const body = jsonBody(request);
    const amount = positiveAmount(body.amount);
    if (payment.status === 'captured' || payment.status === 'refunded') {
      throw new RazorpayError(400, 'BAD_REQUEST_ERROR', 'This payment has already been captured');
    }
    if (payment.status !== 'authorized') {
      throw new RazorpayError(
        400,
        'BAD_REQUEST_ERROR',
        'Only payments which have been authorized and not yet captured can be captured',
      );
    }
    if (amount !== payment.amount) {
      throw new RazorpayError(
        400,
        'BAD_REQUEST_ERROR',
        'Capture amount must be equal to the amount authorized',
        'amount',
      );
    }
    capture(payment);
    return payment;
  });
  route('POST', '/v1/payments/:id/refund', (request) => {
    const payment = paymentOr404(request.params.id ?? '');
    const body = jsonBody(request);
    const amount =
      body.amount === undefined ? payment.amount - payment.amount_refunded : positiveAmount(body.amount);
    if (payment.status !== 'captured') {
      throw new RazorpayError(
        400,
        'BAD_REQUEST_ERROR',
        'The payment has not been captured yet and cannot be refunded',
      );
    }
    if (amount > payment.amount - payment.amount_refunded) {
      throw new RazorpayError(
        400,
        'BAD_REQUEST_ERROR',
        'The refund amount provided is greater than amount captured',
        'amount',
      );
    }
    const refund: RazorpayRefundEntity = {
      id: newId('rfnd'),
      entity: 'refund',
      amount,
      currency: payment.currency,
      payment_id: payment.id,
      receipt: body.receipt === undefined ? null : String(body.receipt),
      notes: notesOf(body.notes),
      status: 'processed',
      speed_processed: 'normal',
      created_at: now(),
    };
    refunds.set(refund.id, refund);
    payment.amount_refunded += amount;
    payment.refund_status = payment.amount_refunded === payment.amount ? 'full' : 'partial';
    if (payment.refund_status === 'full') payment.status = 'refunded';
    return refund;
  });
  route('GET', '/v1/payments/:id/refunds', (request) => {
    const payment = paymentOr404(request.params.id ?? '');
    return collection([...refunds.values()].filter((refund) => refund.payment_id === payment.id));
  });
  route('GET', '/v1/refunds/:id', (request) => {
    const refund = refunds.get(request.params.id ?? '');
    if (!refund) throw new RazorpayError(400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'id');
    return refund;
  });

  const running = await listen(app, 'http', requests);

  const newPayment = (order: RazorpayOrderEntity, amount: number, method: string): RazorpayPaymentEntity => {
    order.attempts += 1;
    if (order.status === 'created') order.status = 'attempted';
    return {
      id: newId('pay'),
      entity: 'payment',
      amount,
      currency: order.currency,
      status: 'created',
      order_id: order.id,
      method,
      amount_refunded: 0,
      refund_status: null,
      captured: false,
      email: 'customer@example.in',
      contact: '+919000090000',
      notes: {},
      error_code: null,
      error_description: null,
      error_source: null,
      error_step: null,
      error_reason: null,
      created_at: now(),
    };
  };

  return {
    ...running,
    keyId,
    keySecret,
    webhookSecret,
    pay(providerOrderId, payOptions = {}) {
      const order = orderOr404(providerOrderId);
      const payment = newPayment(order, payOptions.amount ?? order.amount, payOptions.method ?? 'upi');
      payment.status = 'authorized';
      payments.set(payment.id, payment);
      if (order.autoCapture) capture(payment);
      return {
        razorpay_order_id: order.id,
        razorpay_payment_id: payment.id,
        razorpay_signature: hmacHex(keySecret, `${order.id}|${payment.id}`),
      };
    },
    failPayment(providerOrderId) {
      const order = orderOr404(providerOrderId);
      const payment = newPayment(order, order.amount, 'card');
      Object.assign(payment, {
        status: 'failed',
        error_code: 'BAD_REQUEST_ERROR',
        error_description: 'Payment failed because the card was declined',
        error_source: 'bank',
        error_step: 'payment_authorization',
        error_reason: 'payment_declined',
      });
      payments.set(payment.id, payment);
      return payment;
    },
    order: (id) => orders.get(id),
    payment: (id) => payments.get(id),
    refunds: () => [...refunds.values()],
    webhook(event, paymentId) {
      const payment = paymentOr404(paymentId);
      const refund = [...refunds.values()].filter((one) => one.payment_id === paymentId).at(-1);
      const withRefund = event.startsWith('refund.');
      if (withRefund && !refund) throw new Error(`stand-in: payment ${paymentId} has no refund`);
      const body = JSON.stringify({
        entity: 'event',
        account_id: 'acc_StandinAccount01',
        event,
        contains: withRefund ? ['refund', 'payment'] : ['payment'],
        payload: {
          ...(withRefund ? { refund: { entity: refund } } : {}),
          payment: { entity: payment },
        },
        created_at: now(),
      });
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'x-razorpay-signature': hmacHex(webhookSecret, body),
          'x-razorpay-event-id': newId('evt').replace('evt_', ''),
        },
      };
    },
    setOutage(down) {
      outage = down;
    },
  };
}
