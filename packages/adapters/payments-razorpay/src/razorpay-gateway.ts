import Razorpay from 'razorpay';
import { AdapterError } from '@bharatmart/core';
import type { CheckoutPayments, CheckoutSettlement, GatewayResult, PaymentGateway } from '@bharatmart/core';
import { parseRazorpayWebhook, razorpaySignatureMatches } from './razorpay-signatures.js';

const NAME = 'razorpay';
/** Razorpay's API; a test points the SDK at a stand-in instead. */
export const RAZORPAY_API_URL = 'https://api.razorpay.com';
/** Most provider orders asked for at once when looking up an order's receipt (one is the rule). */
const ORDERS_PER_RECEIPT = 25;

export interface RazorpayGatewayOptions {
  /** The API key id (`rzp_live_…` / `rzp_test_…`); public: the checkout page gets it too. */
  keyId: string;
  /** The API key secret: Basic auth of every call and the checkout signature's key. Never logged. */
  keySecret: string;
  /** The secret set on the webhook in the Razorpay Dashboard; signs every delivery. Never logged. */
  webhookSecret: string;
  /** Base URL of the API, default `https://api.razorpay.com` (the SDK appends `/v1/…`). */
  apiUrl?: string;
  /** Longest wait for one API call. Default 10 000. */
  timeoutMs?: number;
}

/** An error of Razorpay's documented shape, as the SDK rejects with it. */
interface RazorpayApiError {
  statusCode: number;
  error: { code?: string; description?: string; reason?: string; field?: string | null };
}

function isApiError(error: unknown): error is RazorpayApiError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { statusCode?: unknown }).statusCode === 'number' &&
    typeof (error as { error?: unknown }).error === 'object'
  );
}

/** An SDK rejection as an AdapterError: 401 is a wrong key pair, anything else means "try again". */
function asAdapterError(what: string, error: unknown): AdapterError {
  if (isApiError(error)) {
    const detail = `${error.statusCode} ${error.error.code ?? ''}: ${error.error.description ?? ''}`;
    return new AdapterError(
      NAME,
      error.statusCode === 401 ? 'MISCONFIGURED' : 'UNAVAILABLE',
      `${what} failed (${detail})`,
      { cause: error },
    );
  }
  return new AdapterError(NAME, 'UNAVAILABLE', `${what} failed: ${String(error)}`, { cause: error });
}

/** `{ … }` of a 400 "The id provided does not exist" and other bad requests, to tell them apart. */
const isBadRequest = (error: unknown): boolean => isApiError(error) && error.statusCode === 400;

/**
 * Razorpay through its official Node SDK, for Standard Checkout: the customer pays a Razorpay order
 * (amount in paise, receipt = our order id) in Razorpay's checkout, our server verifies the checkout
 * signature and captures (orders are created with `payment_capture: false`, so no money is taken
 * before we checked the payment against our order). Refunds go through the Refunds API with the order
 * id as receipt, so a retried refund job finds the first refund instead of making a second. `charge`
 * is not supported: a server cannot charge a customer who has not paid at checkout.
 */
export function createRazorpayGateway(options: RazorpayGatewayOptions): PaymentGateway & CheckoutPayments {
  for (const [option, value] of Object.entries({
    keyId: options.keyId,
    keySecret: options.keySecret,
    webhookSecret: options.webhookSecret,
  })) {
    if (!value) throw new AdapterError(NAME, 'MISCONFIGURED', `${option} is required`);
  }
  const sdk = new Razorpay({ key_id: options.keyId, key_secret: options.keySecret });
  // The SDK fixes https://api.razorpay.com as its axios instance's base URL and sets no timeout; both
  // are axios defaults of that instance (`api.rq`, untyped), so they are set there: a stand-in in
  // tests, and a bounded wait everywhere. An SDK without that instance stops startup, never silently.
  const http = (sdk.api as unknown as { rq?: { defaults?: { baseURL?: string; timeout?: number } } }).rq;
  if (!http?.defaults) {
    throw new AdapterError(
      NAME,
      'MISCONFIGURED',
      'this razorpay SDK version has no axios instance at api.rq',
    );
  }
  http.defaults.baseURL = options.apiUrl ?? RAZORPAY_API_URL;
  http.defaults.timeout = options.timeoutMs ?? 10_000;

  const call = async <T>(what: string, request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw asAdapterError(what, error);
    }
  };
  /** `undefined` when Razorpay answers 400 (an id it does not know); other failures throw. */
  const fetchOrUndefined = async <T>(what: string, request: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await request();
    } catch (error) {
      if (isBadRequest(error)) return undefined;
      throw asAdapterError(what, error);
    }
  };
  const ordersOf = async (orderId: string) =>
    (
      await call('fetching orders by receipt', () =>
        sdk.orders.all({ receipt: orderId, count: ORDERS_PER_RECEIPT }),
      )
    ).items;

  /** Captures an authorized payment; one captured meanwhile (by us or auto-capture) counts as captured. */
  const capture = async (paymentId: string, amount: number, currency: string): Promise<void> => {
    try {
      await sdk.payments.capture(paymentId, amount, currency);
    } catch (error) {
      if (!isBadRequest(error)) throw asAdapterError('capturing a payment', error);
      const now = await call('fetching a payment', () => sdk.payments.fetch(paymentId));
      if (now.status !== 'captured') throw asAdapterError('capturing a payment', error);
    }
  };

  const gateway: PaymentGateway & CheckoutPayments = {
    name: NAME,
    collectsAtCheckout: true,

    async charge() {
      throw new AdapterError(NAME, 'NOT_SUPPORTED', 'Razorpay payments are made by the customer at checkout');
    },

    async openCheckout({ orderId, amount, currency }) {
      const open = (await ordersOf(orderId)).find((order) => Number(order.amount) === amount);
      const order =
        open ??
        (await call('creating an order', () =>
          sdk.orders.create({
            amount,
            currency,
            receipt: orderId,
            notes: { orderId },
            payment_capture: false,
          }),
        ));
      return { provider: NAME, keyId: options.keyId, providerOrderId: order.id, amount, currency };
    },

    verifyCheckout: ({ providerOrderId, paymentId, signature }) =>
      razorpaySignatureMatches(options.keySecret, `${providerOrderId}|${paymentId}`, signature),

    parseWebhook: (rawBody, headers) => parseRazorpayWebhook(options.webhookSecret, rawBody, headers),

    async settle({ orderId, providerOrderId, paymentId, amount, currency }): Promise<CheckoutSettlement> {
      const order = await fetchOrUndefined('fetching an order', () => sdk.orders.fetch(providerOrderId));
      if (!order || order.receipt !== orderId) return { status: 'refused', reason: 'not-this-order' };
      const payment = await fetchOrUndefined('fetching a payment', () => sdk.payments.fetch(paymentId));
      if (!payment || payment.order_id !== providerOrderId)
        return { status: 'refused', reason: 'not-this-order' };
      if (
        Number(payment.amount) !== amount ||
        Number(order.amount) !== amount ||
        payment.currency !== currency
      ) {
        return { status: 'refused', reason: 'amount-mismatch' };
      }
      if (payment.status === 'authorized') await capture(payment.id, amount, currency);
      else if (payment.status !== 'captured' && payment.status !== 'refunded') {
        return { status: 'refused', reason: 'not-paid' };
      }
      return { status: 'captured', result: { status: 'succeeded', reference: payment.id } };
    },

    async orderIdOf(providerOrderId) {
      const order = await fetchOrUndefined('fetching an order', () => sdk.orders.fetch(providerOrderId));
      return order?.receipt ?? undefined;
    },

    async lookup({ orderId }): Promise<GatewayResult | undefined> {
      for (const order of await ordersOf(orderId)) {
        const { items } = await call('fetching payments of an order', () =>
          sdk.orders.fetchPayments(order.id),
        );
        const paid = items.filter((payment) => Number(payment.amount) === Number(order.amount));
        const captured = paid.find(
          (payment) => payment.status === 'captured' || payment.status === 'refunded',
        );
        if (captured) return { status: 'succeeded', reference: captured.id };
        const authorized = paid.find((payment) => payment.status === 'authorized');
        if (authorized) {
          await capture(authorized.id, Number(authorized.amount), authorized.currency);
          return { status: 'succeeded', reference: authorized.id };
        }
      }
      return undefined;
    },

    async refund({ orderId, chargeReference, amount, idempotencyKey }) {
      const { items } = await call('fetching refunds of a payment', () =>
        sdk.payments.fetchMultipleRefund(chargeReference, { count: 100 }),
      );
      const earlier = items.find((refund) => refund.receipt === orderId);
      const refund =
        earlier ??
        (await call('creating a refund', () =>
          sdk.payments.refund(chargeReference, {
            amount,
            receipt: orderId,
            notes: { orderId, idempotencyKey },
          }),
        ));
      return refund.status === 'failed'
        ? { status: 'declined', reference: refund.id, reason: 'Razorpay reports the refund failed' }
        : { status: 'succeeded', reference: refund.id };
    },
  };
  return gateway;
}
