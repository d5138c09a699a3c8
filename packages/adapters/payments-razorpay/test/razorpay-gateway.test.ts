import { randomUUID } from 'node:crypto';
import { isAdapterError } from '@bharatmart/core';
import { startRazorpayStandin } from '@bharatmart/cloud-standins';
import type { RazorpayStandin } from '@bharatmart/cloud-standins';
import { describePaymentGatewayContract } from '@bharatmart/testkit';
import { createRazorpayGateway } from '../src/index.js';

let standin: RazorpayStandin;
const gateway = (overrides: { keySecret?: string } = {}) =>
  createRazorpayGateway({
    keyId: standin.keyId,
    keySecret: overrides.keySecret ?? standin.keySecret,
    webhookSecret: standin.webhookSecret,
    apiUrl: standin.url,
    timeoutMs: 2000,
  });

beforeAll(async () => {
  standin = await startRazorpayStandin();
});
afterAll(async () => {
  await standin.stop();
});

describePaymentGatewayContract('razorpay (stand-in)', {
  createGateway: () => gateway(),
  payAtCheckout: async (session) => void standin.pay(session.providerOrderId),
  outage: async () => {
    standin.setOutage(true);
    return async () => standin.setOutage(false);
  },
});

describe('createRazorpayGateway through the razorpay SDK against the Razorpay stand-in', () => {
  it('opens one Razorpay order per order: amount in paise, receipt = our order id, manual capture', async () => {
    const orderId = randomUUID();
    const first = await gateway().openCheckout({ orderId, amount: 129_900, currency: 'INR' });
    const again = await gateway().openCheckout({ orderId, amount: 129_900, currency: 'INR' });
    expect(again.providerOrderId).toBe(first.providerOrderId);
    expect(first).toMatchObject({
      provider: 'razorpay',
      keyId: standin.keyId,
      amount: 129_900,
      currency: 'INR',
    });
    expect(standin.order(first.providerOrderId)).toMatchObject({
      amount: 129_900,
      receipt: orderId,
      autoCapture: false,
    });
    expect(standin.requests.every((request) => request.auth === 'accepted')).toBe(true);
  });

  it('verifies the checkout signature (HMAC-SHA256 of order_id|payment_id with the key secret)', async () => {
    const { providerOrderId } = await gateway().openCheckout({
      orderId: randomUUID(),
      amount: 50_000,
      currency: 'INR',
    });
    const paid = standin.pay(providerOrderId);
    const callback = {
      providerOrderId,
      paymentId: paid.razorpay_payment_id,
      signature: paid.razorpay_signature,
    };
    expect(gateway().verifyCheckout(callback)).toBe(true);
    expect(
      gateway().verifyCheckout({
        ...callback,
        signature: callback.signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
      }),
    ).toBe(false);
    expect(gateway().verifyCheckout({ ...callback, paymentId: 'pay_SomeoneElse0001' })).toBe(false);
    expect(gateway().verifyCheckout({ ...callback, signature: '' })).toBe(false);
  });

  it('settles an authorized payment by capturing it, once however often it is asked', async () => {
    const orderId = randomUUID();
    const { providerOrderId } = await gateway().openCheckout({ orderId, amount: 50_000, currency: 'INR' });
    const paid = standin.pay(providerOrderId);
    const request = {
      orderId,
      providerOrderId,
      paymentId: paid.razorpay_payment_id,
      amount: 50_000,
      currency: 'INR' as const,
    };
    expect(standin.payment(paid.razorpay_payment_id)?.status).toBe('authorized');
    const settled = await gateway().settle(request);
    expect(settled).toEqual({
      status: 'captured',
      result: { status: 'succeeded', reference: paid.razorpay_payment_id },
    });
    expect(standin.payment(paid.razorpay_payment_id)?.status).toBe('captured');
    expect(await gateway().settle(request)).toEqual(settled);
  });

  it('refuses a payment of another order, of another amount, or that failed, and captures nothing', async () => {
    const orderId = randomUUID();
    const { providerOrderId } = await gateway().openCheckout({ orderId, amount: 50_000, currency: 'INR' });
    const other = await gateway().openCheckout({ orderId: randomUUID(), amount: 50_000, currency: 'INR' });
    const short = standin.pay(providerOrderId, { amount: 100 });
    const elsewhere = standin.pay(other.providerOrderId);
    const failed = standin.failPayment(providerOrderId);
    const base = { orderId, providerOrderId, amount: 50_000, currency: 'INR' as const };
    expect(await gateway().settle({ ...base, paymentId: short.razorpay_payment_id })).toEqual({
      status: 'refused',
      reason: 'amount-mismatch',
    });
    expect(await gateway().settle({ ...base, paymentId: elsewhere.razorpay_payment_id })).toEqual({
      status: 'refused',
      reason: 'not-this-order',
    });
    expect(
      await gateway().settle({
        ...base,
        providerOrderId: other.providerOrderId,
        paymentId: elsewhere.razorpay_payment_id,
      }),
    ).toEqual({ status: 'refused', reason: 'not-this-order' });
    expect(await gateway().settle({ ...base, paymentId: failed.id })).toEqual({
      status: 'refused',
      reason: 'not-paid',
    });
    expect(await gateway().settle({ ...base, paymentId: 'pay_Unknown0000001' })).toEqual({
      status: 'refused',
      reason: 'not-this-order',
    });
    expect(standin.payment(short.razorpay_payment_id)?.status).toBe('authorized');
    expect(standin.payment(elsewhere.razorpay_payment_id)?.status).toBe('authorized');
  });

  it('looks up an order: a failed attempt is no charge, an authorized payment is captured', async () => {
    const orderId = randomUUID();
    const lookup = () => gateway().lookup({ orderId, idempotencyKey: `charge:${orderId}` });
    const { providerOrderId } = await gateway().openCheckout({ orderId, amount: 75_000, currency: 'INR' });
    standin.failPayment(providerOrderId);
    expect(await lookup()).toBeUndefined();
    const paid = standin.pay(providerOrderId);
    expect(await lookup()).toEqual({ status: 'succeeded', reference: paid.razorpay_payment_id });
    expect(standin.payment(paid.razorpay_payment_id)?.status).toBe('captured');
    expect(await gateway().orderIdOf(providerOrderId)).toBe(orderId);
    expect(await gateway().orderIdOf('order_Unknown000001')).toBeUndefined();
  });

  it('refunds through the Refunds API once per order, receipt = our order id', async () => {
    const orderId = randomUUID();
    const { providerOrderId } = await gateway().openCheckout({ orderId, amount: 60_000, currency: 'INR' });
    const paid = standin.pay(providerOrderId);
    await gateway().settle({
      orderId,
      providerOrderId,
      paymentId: paid.razorpay_payment_id,
      amount: 60_000,
      currency: 'INR',
    });
    const request = {
      orderId,
      chargeReference: paid.razorpay_payment_id,
      amount: 60_000,
      currency: 'INR' as const,
      idempotencyKey: `refund:${orderId}`,
    };
    const first = await gateway().refund(request);
    await gateway().refund(request);
    await gateway().refund({ ...request, idempotencyKey: `refund-again:${orderId}` });
    const made = standin.refunds().filter((refund) => refund.payment_id === paid.razorpay_payment_id);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ id: first.reference, amount: 60_000, receipt: orderId });
  });

  it('turns a wrong key secret into MISCONFIGURED and an outage into UNAVAILABLE (Razorpay error shape)', async () => {
    const wrongKey = await gateway({ keySecret: 'not-the-secret' })
      .openCheckout({ orderId: randomUUID(), amount: 100_00, currency: 'INR' })
      .catch((error: unknown) => error);
    expect(isAdapterError(wrongKey, 'MISCONFIGURED')).toBe(true);
    expect((wrongKey as Error).message).toContain('Authentication failed');
    expect((wrongKey as Error).message).not.toContain('not-the-secret');
    standin.setOutage(true);
    try {
      const down = await gateway()
        .openCheckout({ orderId: randomUUID(), amount: 100_00, currency: 'INR' })
        .catch((error: unknown) => error);
      expect(isAdapterError(down, 'UNAVAILABLE')).toBe(true);
      expect((down as Error).message).toContain('SERVER_ERROR');
    } finally {
      standin.setOutage(false);
    }
  });

  it('is UNAVAILABLE within the timeout when nothing answers', async () => {
    const unreachable = createRazorpayGateway({
      keyId: standin.keyId,
      keySecret: standin.keySecret,
      webhookSecret: standin.webhookSecret,
      apiUrl: 'http://127.0.0.1:9',
      timeoutMs: 500,
    });
    const error = await unreachable.orderIdOf('order_Anything00001').catch((caught: unknown) => caught);
    expect(isAdapterError(error, 'UNAVAILABLE')).toBe(true);
  });

  it('refuses charge: the customer pays at checkout', async () => {
    const error = await gateway()
      .charge({ orderId: randomUUID(), amount: 100, currency: 'INR', idempotencyKey: 'charge:x' })
      .catch((caught: unknown) => caught);
    expect(isAdapterError(error, 'NOT_SUPPORTED')).toBe(true);
  });
});
