import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collectsAtCheckout } from '@bharatmart/core';
import type { Order } from '@bharatmart/core';
import { startRazorpayStandin } from '@bharatmart/cloud-standins';
import type { RazorpayStandin } from '@bharatmart/cloud-standins';
import { createRazorpayGateway } from '@bharatmart/payments-razorpay';
import { useJobHarness } from './job-harness.js';

// The payment jobs with the Razorpay gateway, through its SDK, against the Razorpay stand-in.
let standin: RazorpayStandin;
beforeAll(async () => {
  standin = await startRazorpayStandin();
});
afterAll(async () => {
  await standin.stop();
});

// A timeout and verify delay of zero: every order still unpaid is overdue.
const h = useJobHarness({ orderPaymentTimeoutMinutes: 0, paymentVerifyDelaySeconds: 0 }, () =>
  createRazorpayGateway({
    keyId: standin.keyId,
    keySecret: standin.keySecret,
    webhookSecret: standin.webhookSecret,
    apiUrl: standin.url,
    timeoutMs: 2000,
  }),
);
const slot = { scheduledAt: new Date().toISOString() };

/** Places an order and opens its Razorpay checkout; returns the order and its Razorpay order id. */
async function orderWithCheckout(): Promise<{ order: Order; providerOrderId: string }> {
  const { order } = await h.placeOrder(1);
  if (!collectsAtCheckout(h.gateway)) throw new Error('not a checkout gateway');
  const { providerOrderId } = await h.gateway.openCheckout({
    orderId: order.id,
    amount: order.total,
    currency: order.currency,
  });
  return { order, providerOrderId };
}

const stateOf = async (orderId: string) => {
  const order = await h.container.db.orders.get(orderId);
  return { status: order?.status, paymentStatus: order?.paymentStatus };
};

describe('payment jobs with PAYMENT_PROVIDER=razorpay', () => {
  it('payment.charge asks nothing of Razorpay: the customer pays at checkout', async () => {
    const { order } = await orderWithCheckout();
    const calls = standin.requests.length;
    await h.run('payment.charge', { orderId: order.id });
    expect(standin.requests.length).toBe(calls);
    expect(await stateOf(order.id)).toEqual({ status: 'pending', paymentStatus: 'pending' });
  });

  it('expiry asks Razorpay first: an authorized payment is captured and confirms the order', async () => {
    const { order, providerOrderId } = await orderWithCheckout();
    const paid = standin.pay(providerOrderId);
    await h.run('order.expire-unpaid', slot);
    expect(await stateOf(order.id)).toEqual({ status: 'confirmed', paymentStatus: 'paid' });
    expect(standin.payment(paid.razorpay_payment_id)?.status).toBe('captured');
    expect(await h.container.db.payments.listForOrder(order.id)).toHaveLength(1);
  });

  it('expiry cancels an order with only a failed payment, and cancels nothing while Razorpay is down', async () => {
    const { order, providerOrderId } = await orderWithCheckout();
    standin.failPayment(providerOrderId);
    standin.setOutage(true);
    try {
      await expect(h.run('order.expire-unpaid', slot)).rejects.toThrow(/razorpay/);
      expect(await stateOf(order.id)).toEqual({ status: 'pending', paymentStatus: 'pending' });
    } finally {
      standin.setOutage(false);
    }
    await h.run('order.expire-unpaid', slot);
    expect(await stateOf(order.id)).toEqual({ status: 'cancelled', paymentStatus: 'pending' });
  });

  it('payment.verify records a payment Razorpay has and we never heard of', async () => {
    const { order, providerOrderId } = await orderWithCheckout();
    standin.pay(providerOrderId);
    await h.run('payment.verify', { orderId: order.id });
    expect(await stateOf(order.id)).toEqual({ status: 'confirmed', paymentStatus: 'paid' });
  });

  it('payment.refund refunds through the Refunds API once, however often it runs', async () => {
    const { order, providerOrderId } = await orderWithCheckout();
    const paid = standin.pay(providerOrderId);
    await h.run('payment.verify', { orderId: order.id });
    await h.container.orders.cancel(h.customer, order.id);
    await h.run('payment.refund', { orderId: order.id });
    await h.run('payment.refund', { orderId: order.id }, 2);
    expect(await stateOf(order.id)).toEqual({ status: 'cancelled', paymentStatus: 'refunded' });
    expect(standin.refunds().filter((refund) => refund.payment_id === paid.razorpay_payment_id)).toHaveLength(
      1,
    );
  });
});
