import type { Currency, Money } from '../domain/types.js';

export interface GatewayResult {
  /** `declined` is final for this charge; transient failures are thrown instead. */
  status: 'succeeded' | 'declined';
  /** The gateway's id for the operation. */
  reference: string;
  /** A reason when declined. */
  reason?: string;
}

/**
 * A payment service provider. Every call carries an idempotency key: the gateway performs the
 * operation once per key and answers repeats with the first result, so a retried job never charges
 * twice. Network or provider failures throw (the job retries); declines are returned.
 */
export interface PaymentGateway {
  readonly name: string;
  charge(request: {
    orderId: string;
    amount: Money;
    currency: Currency;
    idempotencyKey: string;
  }): Promise<GatewayResult>;
  refund(request: {
    orderId: string;
    chargeReference: string;
    amount: Money;
    currency: Currency;
    idempotencyKey: string;
  }): Promise<GatewayResult>;
  /**
   * The outcome of the order's charge as the gateway knows it (by the charge's idempotency key, or —
   * for a checkout gateway — the payments made for the order), or `undefined` if there is none.
   */
  lookup(request: { orderId: string; idempotencyKey: string }): Promise<GatewayResult | undefined>;
}

/** What a checkout page needs to let the customer pay an order on the provider's checkout. */
export interface CheckoutSession {
  /** The gateway's name, e.g. `razorpay`. */
  provider: string;
  /** The public key the provider's checkout script is opened with (never the secret). */
  keyId: string;
  /** The provider's order for ours (Razorpay `order_…`); the customer pays this one. */
  providerOrderId: string;
  amount: Money;
  currency: Currency;
}

/** What the provider's checkout hands the page after a payment, as the page posts it back to us. */
export interface CheckoutCallback {
  providerOrderId: string;
  paymentId: string;
  signature: string;
}

/**
 * A webhook event, translated from the provider's payload after its signature was verified.
 * `orderId` is ours, as the provider holds it (Razorpay: the order's `receipt`, or a refund's notes);
 * absent when the payload does not carry it.
 */
export type PaymentEvent =
  | {
      type: 'payment.captured';
      eventId?: string;
      providerOrderId: string;
      paymentId: string;
      amount: Money;
      currency: string;
    }
  | { type: 'payment.failed'; eventId?: string; providerOrderId: string; paymentId: string; reason: string }
  | {
      type: 'refund.processed';
      eventId?: string;
      orderId?: string;
      paymentId: string;
      refundId: string;
      amount: Money;
    }
  | { type: 'ignored'; eventId?: string; event: string };

/** How a payment the customer made at checkout settled with the provider. */
export type CheckoutSettlement =
  | { status: 'captured'; result: GatewayResult }
  /** The payment is not (or not yet) money for this order: failed, for another order, or another amount. */
  | { status: 'refused'; reason: 'not-this-order' | 'amount-mismatch' | 'not-paid' };

/**
 * Capability of a gateway where the customer pays on the provider's checkout (Razorpay Standard
 * Checkout) instead of our server charging a stored instrument. `charge` is then never called: the
 * order is paid when the checkout callback or a webhook reports a payment, and `lookup` (the
 * verification sweep, the expiry) asks the provider for the order's payments, capturing an authorized
 * one. Signature checks are local and make no network call, so an anonymous webhook is verified
 * before anything is asked of the provider.
 */
export interface CheckoutPayments {
  readonly collectsAtCheckout: true;
  /**
   * Opens the provider order for `orderId` (amount in paise, receipt = our order id) or returns the
   * one already open, so a repeated call opens one order. Throws `AdapterError('UNAVAILABLE')` when
   * the provider cannot be reached.
   */
  openCheckout(order: { orderId: string; amount: Money; currency: Currency }): Promise<CheckoutSession>;
  /** Whether the checkout callback's signature is the provider's for that order and payment. No I/O. */
  verifyCheckout(callback: CheckoutCallback): boolean;
  /**
   * The event of a webhook delivery whose signature over the exact raw body is the provider's, or
   * `undefined` when it is not (or the body is not an event). No I/O.
   */
  parseWebhook(
    rawBody: Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): PaymentEvent | undefined;
  /**
   * Settles a payment reported for our order: checks with the provider that the payment belongs to a
   * provider order whose receipt is `orderId`, for exactly `amount`, and captures it when it is only
   * authorized. Capturing twice is harmless (an already captured payment settles as captured).
   */
  settle(request: {
    orderId: string;
    providerOrderId: string;
    paymentId: string;
    amount: Money;
    currency: Currency;
  }): Promise<CheckoutSettlement>;
  /** Our order id of a provider order (its receipt), `undefined` when the provider does not know it. */
  orderIdOf(providerOrderId: string): Promise<string | undefined>;
}

/** True when the gateway takes payments at the provider's checkout (see `CheckoutPayments`). */
export function collectsAtCheckout(gateway: PaymentGateway): gateway is PaymentGateway & CheckoutPayments {
  return (gateway as Partial<CheckoutPayments>).collectsAtCheckout === true;
}
