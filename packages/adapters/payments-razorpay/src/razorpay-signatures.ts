import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PaymentEvent } from '@bharatmart/core';

/** Largest webhook body parsed; Razorpay's payment and refund events are a few kilobytes. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

/**
 * Whether `signature` is the hex HMAC-SHA256 of `message` under `secret` — how Razorpay signs the
 * checkout result (`order_id|payment_id` with the key secret) and webhook bodies (with the webhook
 * secret). Compared in constant time.
 */
export function razorpaySignatureMatches(
  secret: string,
  message: string | Buffer,
  signature: string,
): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(message).digest('hex'));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const entityOf = (payload: Json | undefined, name: string): Json | undefined =>
  object(object(payload?.[name])?.entity);
const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : undefined;
const amountOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

/**
 * Verifies a webhook delivery's `X-Razorpay-Signature` over the exact raw body with the webhook secret
 * and translates the event. `undefined` for a wrong or missing signature, a body over
 * MAX_WEBHOOK_BYTES, or a signed body that is not a well-formed event of the kinds handled; events of
 * other kinds are `ignored`. No I/O.
 */
export function parseRazorpayWebhook(
  webhookSecret: string,
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
): PaymentEvent | undefined {
  const signature = headers['x-razorpay-signature'];
  if (typeof signature !== 'string' || rawBody.length > MAX_WEBHOOK_BYTES) return undefined;
  if (!razorpaySignatureMatches(webhookSecret, rawBody, signature)) return undefined;
  let body: Json | undefined;
  try {
    body = object(JSON.parse(rawBody.toString('utf8')));
  } catch {
    return undefined;
  }
  const event = textOf(body?.event);
  if (!event) return undefined;
  const eventIdHeader = headers['x-razorpay-event-id'];
  const eventId = typeof eventIdHeader === 'string' && eventIdHeader ? { eventId: eventIdHeader } : {};
  const payload = object(body?.payload);
  const payment = entityOf(payload, 'payment');
  const paymentId = textOf(payment?.id);
  const providerOrderId = textOf(payment?.order_id);
  switch (event) {
    case 'payment.captured': {
      const amount = amountOf(payment?.amount);
      const currency = textOf(payment?.currency);
      if (!paymentId || !providerOrderId || amount === undefined || !currency) return undefined;
      return { type: event, ...eventId, providerOrderId, paymentId, amount, currency };
    }
    case 'payment.failed': {
      if (!paymentId || !providerOrderId) return undefined;
      const reason = textOf(payment?.error_description) ?? textOf(payment?.error_reason) ?? 'no reason given';
      return { type: event, ...eventId, providerOrderId, paymentId, reason };
    }
    case 'refund.processed': {
      const refund = entityOf(payload, 'refund');
      const refundId = textOf(refund?.id);
      const refundedPayment = textOf(refund?.payment_id);
      const amount = amountOf(refund?.amount);
      if (!refundId || !refundedPayment || amount === undefined) return undefined;
      const orderId = textOf(refund?.receipt) ?? textOf(object(refund?.notes)?.orderId);
      return {
        type: event,
        ...eventId,
        ...(orderId ? { orderId } : {}),
        paymentId: refundedPayment,
        refundId,
        amount,
      };
    }
    default:
      return { type: 'ignored', ...eventId, event };
  }
}
