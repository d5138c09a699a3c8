import { randomUUID } from 'node:crypto';
import type { RazorpayStandin, RazorpayWebhookDelivery } from '@bharatmart/cloud-standins';
import type { ApiResponse } from '@bharatmart/testkit';
import type { TestApi } from './support.js';

/** The variables that point an API (and its workers) at the Razorpay stand-in. */
export function razorpayEnv(standin: RazorpayStandin): Record<string, string> {
  return {
    PAYMENT_PROVIDER: 'razorpay',
    RAZORPAY_KEY_ID: standin.keyId,
    RAZORPAY_KEY_SECRET: standin.keySecret,
    RAZORPAY_WEBHOOK_SECRET: standin.webhookSecret,
    RAZORPAY_API_URL: standin.url,
  };
}

/** Delivers a webhook to the API exactly as Razorpay sends it (the body verbatim, its headers). */
export function deliver(
  api: TestApi,
  delivery: { body: string; headers: Partial<RazorpayWebhookDelivery['headers']> },
): Promise<ApiResponse> {
  return api.client.request('POST', '/api/v1/webhooks/razorpay', {
    body: delivery.body,
    headers: Object.fromEntries(
      Object.entries(delivery.headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  });
}

/** Places an order of `quantity` units of `productId` and returns the API's answer (with its checkout). */
export function placeOrder(
  api: TestApi,
  token: string,
  productId: string,
  quantity = 1,
): Promise<ApiResponse> {
  return api.client.post(
    '/api/v1/orders',
    { items: [{ productId, quantity }] },
    { token, headers: { 'idempotency-key': randomUUID() } },
  );
}
