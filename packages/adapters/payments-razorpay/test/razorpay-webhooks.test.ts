import { createHmac } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { startRazorpayStandin } from '@bharatmart/cloud-standins';
import type { RazorpayStandin } from '@bharatmart/cloud-standins';
import { MAX_WEBHOOK_BYTES, createRazorpayGateway } from '../src/index.js';

describe('Razorpay webhook verification', () => {
  let standin: RazorpayStandin;
  let gateway: ReturnType<typeof createRazorpayGateway>;

  beforeAll(async () => {
    standin = await startRazorpayStandin();
    gateway = createRazorpayGateway({
      keyId: standin.keyId,
      keySecret: standin.keySecret,
      webhookSecret: standin.webhookSecret,
      apiUrl: standin.url,
    });
  });
  afterAll(async () => {
    await standin.stop();
  });

  const paidOrder = async () => {
    const orderId = randomUUID();
    const { providerOrderId } = await gateway.openCheckout({ orderId, amount: 40_000, currency: 'INR' });
    const paid = standin.pay(providerOrderId);
    await gateway.settle({
      orderId,
      providerOrderId,
      paymentId: paid.razorpay_payment_id,
      amount: 40_000,
      currency: 'INR',
    });
    return { orderId, providerOrderId, paymentId: paid.razorpay_payment_id };
  };

  it('translates payment.captured, signed over the exact body, with its event id', async () => {
    const { providerOrderId, paymentId } = await paidOrder();
    const delivery = standin.webhook('payment.captured', paymentId);
    expect(gateway.parseWebhook(Buffer.from(delivery.body), delivery.headers)).toEqual({
      type: 'payment.captured',
      eventId: delivery.headers['x-razorpay-event-id'],
      providerOrderId,
      paymentId,
      amount: 40_000,
      currency: 'INR',
    });
  });

  it('translates payment.failed and refund.processed (our order id from the refund receipt)', async () => {
    const { orderId, providerOrderId, paymentId } = await paidOrder();
    const failed = standin.failPayment(providerOrderId);
    const failure = standin.webhook('payment.failed', failed.id);
    expect(gateway.parseWebhook(Buffer.from(failure.body), failure.headers)).toMatchObject({
      type: 'payment.failed',
      providerOrderId,
      paymentId: failed.id,
      reason: 'Payment failed because the card was declined',
    });
    const refund = await gateway.refund({
      orderId,
      chargeReference: paymentId,
      amount: 40_000,
      currency: 'INR',
      idempotencyKey: `refund:${orderId}`,
    });
    const processed = standin.webhook('refund.processed', paymentId);
    expect(gateway.parseWebhook(Buffer.from(processed.body), processed.headers)).toMatchObject({
      type: 'refund.processed',
      orderId,
      paymentId,
      refundId: refund.reference,
      amount: 40_000,
    });
  });

  it('ignores signed events of other kinds', async () => {
    const { paymentId } = await paidOrder();
    const delivery = standin.webhook('payment.authorized', paymentId);
    expect(gateway.parseWebhook(Buffer.from(delivery.body), delivery.headers)).toMatchObject({
      type: 'ignored',
      event: 'payment.authorized',
    });
  });

  it('rejects a tampered body, a wrong or missing signature, another secret and an oversized body', async () => {
    const { paymentId } = await paidOrder();
    const delivery = standin.webhook('payment.captured', paymentId);
    const tampered = delivery.body.replace('"amount":40000', '"amount":1');
    expect(tampered).not.toBe(delivery.body);
    expect(gateway.parseWebhook(Buffer.from(tampered), delivery.headers)).toBeUndefined();
    expect(gateway.parseWebhook(Buffer.from(`${delivery.body} `), delivery.headers)).toBeUndefined();
    const { 'x-razorpay-signature': _signature, ...unsigned } = delivery.headers;
    expect(gateway.parseWebhook(Buffer.from(delivery.body), unsigned)).toBeUndefined();
    const otherSecret = createHmac('sha256', 'another-secret').update(delivery.body).digest('hex');
    expect(
      gateway.parseWebhook(Buffer.from(delivery.body), {
        ...delivery.headers,
        'x-razorpay-signature': otherSecret,
      }),
    ).toBeUndefined();
    const huge = Buffer.alloc(MAX_WEBHOOK_BYTES + 1, 32);
    const hugeSignature = createHmac('sha256', standin.webhookSecret).update(huge).digest('hex');
    expect(gateway.parseWebhook(huge, { 'x-razorpay-signature': hugeSignature })).toBeUndefined();
  });

  it('rejects a signed body that is not a well-formed event', () => {
    const sign = (body: string) => ({
      'x-razorpay-signature': createHmac('sha256', standin.webhookSecret).update(body).digest('hex'),
    });
    for (const body of ['not json', '[]', '{}', '{"event":"payment.captured","payload":{}}']) {
      expect(gateway.parseWebhook(Buffer.from(body), sign(body))).toBeUndefined();
    }
  });
});
