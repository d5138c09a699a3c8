import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startRazorpayStandin } from '@bharatmart/cloud-standins';
import type { RazorpayStandin } from '@bharatmart/cloud-standins';
import { eventually } from '@bharatmart/testkit';
import { deliver, placeOrder, razorpayEnv } from './razorpay-support.js';
import { createProduct, registerCustomer, startTestApi, waitForOrder } from './support.js';
import type { TestApi } from './support.js';

describe('PAYMENT_PROVIDER=razorpay (Standard Checkout through the SDK, against the Razorpay stand-in)', () => {
  let standin: RazorpayStandin;
  let api: TestApi;
  let token: string;
  let productId: string;

  beforeAll(async () => {
    standin = await startRazorpayStandin();
    api = await startTestApi(razorpayEnv(standin));
    token = (await registerCustomer(api.client, 'Payer')).token;
    productId = (await createProduct(api, { price: 45_000, stock: 1000 })).id;
  });
  afterAll(async () => {
    expect(await api.app.stop()).toBe(0);
    await standin.stop();
  });

  const order = async (id: string) => (await api.client.get(`/api/v1/orders/${id}`, { token })).body;
  const razorpayCalls = () => standin.requests.length;

  it('placing an order opens a Razorpay order: amount in paise, receipt = the order id', async () => {
    const placed = await placeOrder(api, token, productId, 2);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'pending', paymentStatus: 'pending', total: 90_000 });
    expect(placed.body.checkout).toMatchObject({
      provider: 'razorpay',
      keyId: standin.keyId,
      amount: 90_000,
      currency: 'INR',
    });
    expect(standin.order(placed.body.checkout.providerOrderId)).toMatchObject({
      amount: 90_000,
      receipt: placed.body.id,
    });
    const again = await api.client.get(`/api/v1/orders/${placed.body.id}/checkout`, { token });
    expect(again.status).toBe(200);
    expect(again.body.providerOrderId).toBe(placed.body.checkout.providerOrderId);
    const other = await registerCustomer(api.client, 'Nosy');
    expect(
      (await api.client.get(`/api/v1/orders/${placed.body.id}/checkout`, { token: other.token })).status,
    ).toBe(404);
  });

  it('the checkout callback verifies the signature, captures, and confirms the order; webhooks after it change nothing', async () => {
    const placed = await placeOrder(api, token, productId);
    const paid = standin.pay(placed.body.checkout.providerOrderId);
    const confirmed = await api.client.post(`/api/v1/orders/${placed.body.id}/payment`, paid, { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    expect(standin.payment(paid.razorpay_payment_id)?.status).toBe('captured');

    const repeated = await api.client.post(`/api/v1/orders/${placed.body.id}/payment`, paid, { token });
    expect(repeated.status).toBe(200);
    const webhook = standin.webhook('payment.captured', paid.razorpay_payment_id);
    for (const delivery of [
      webhook,
      webhook,
      standin.webhook('payment.captured', paid.razorpay_payment_id),
    ]) {
      const answer = await deliver(api, delivery);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ outcome: 'unchanged' });
    }
    expect(await order(placed.body.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
  });

  it('a payment.captured webhook before the callback confirms the order once; the callback then returns it', async () => {
    const placed = await placeOrder(api, token, productId);
    const paid = standin.pay(placed.body.checkout.providerOrderId);
    // Razorpay captured it and reports it before the browser called back (the customer closed the tab).
    const payment = standin.payment(paid.razorpay_payment_id);
    if (payment) Object.assign(payment, { status: 'captured', captured: true });
    const delivery = standin.webhook('payment.captured', paid.razorpay_payment_id);
    expect((await deliver(api, delivery)).body).toEqual({ outcome: 'recorded' });
    expect((await deliver(api, delivery)).body).toEqual({ outcome: 'unchanged' });
    expect(await order(placed.body.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    const callback = await api.client.post(`/api/v1/orders/${placed.body.id}/payment`, paid, { token });
    expect(callback.status).toBe(200);
    expect(callback.body).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
  });

  it('a tampered, missing or foreign signature gets 401 before anything is asked of Razorpay, and changes nothing', async () => {
    const placed = await placeOrder(api, token, productId);
    const paid = standin.pay(placed.body.checkout.providerOrderId);
    const genuine = standin.webhook('payment.captured', paid.razorpay_payment_id);
    const before = razorpayCalls();
    const forged = [
      { ...genuine, body: genuine.body.replace('"amount":45000', '"amount":45001') },
      { ...genuine, headers: { ...genuine.headers, 'x-razorpay-signature': '0'.repeat(64) } },
      { body: genuine.body, headers: { 'content-type': 'application/json', 'x-razorpay-signature': '' } },
    ];
    for (const delivery of forged) {
      const answer = await deliver(api, delivery);
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    }
    const badCallback = await api.client.post(
      `/api/v1/orders/${placed.body.id}/payment`,
      { ...paid, razorpay_signature: 'f'.repeat(64) },
      { token },
    );
    expect(badCallback.status).toBe(400);
    expect(razorpayCalls()).toBe(before);
    expect(standin.payment(paid.razorpay_payment_id)?.status).toBe('authorized');
    expect(await order(placed.body.id)).toMatchObject({ status: 'pending', paymentStatus: 'pending' });
  });

  it('an oversized webhook body gets 413', async () => {
    const answer = await api.client.request('POST', '/api/v1/webhooks/razorpay', {
      body: JSON.stringify({ padding: 'x'.repeat(300 * 1024) }),
      headers: { 'x-razorpay-signature': '0'.repeat(64) },
    });
    expect(answer.status).toBe(413);
  });

  it('a payment of another amount gets 400 on the callback and on the webhook, and nothing is captured', async () => {
    const placed = await placeOrder(api, token, productId);
    const short = standin.pay(placed.body.checkout.providerOrderId, { amount: 100 });
    const callback = await api.client.post(`/api/v1/orders/${placed.body.id}/payment`, short, { token });
    expect(callback.status).toBe(400);
    expect(callback.body.error.details).toEqual({ reason: 'amount-mismatch' });
    const webhook = await deliver(api, standin.webhook('payment.captured', short.razorpay_payment_id));
    expect(webhook.status).toBe(400);
    expect(standin.payment(short.razorpay_payment_id)?.status).toBe('authorized');
    expect(await order(placed.body.id)).toMatchObject({ status: 'pending', paymentStatus: 'pending' });
  });

  it('a payment for an order that is not ours gets 404 and changes nothing', async () => {
    const foreign = await fetch(`${standin.url}/v1/orders`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${standin.keyId}:${standin.keySecret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ amount: 45_000, currency: 'INR', receipt: 'not-a-bharatmart-order' }),
    });
    const paid = standin.pay(((await foreign.json()) as { id: string }).id);
    const answer = await deliver(api, standin.webhook('payment.captured', paid.razorpay_payment_id));
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });

  it('a callback with another order’s payment gets 400 and changes neither order', async () => {
    const mine = await placeOrder(api, token, productId);
    const theirs = await placeOrder(api, token, productId);
    const paidTheirs = standin.pay(theirs.body.checkout.providerOrderId);
    const answer = await api.client.post(`/api/v1/orders/${mine.body.id}/payment`, paidTheirs, { token });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toEqual({ reason: 'not-this-order' });
    expect(await order(mine.body.id)).toMatchObject({ paymentStatus: 'pending' });
    expect(await order(theirs.body.id)).toMatchObject({ paymentStatus: 'pending' });
    expect(standin.payment(paidTheirs.razorpay_payment_id)?.status).toBe('authorized');
  });

  it('payment.failed leaves the order open for another attempt, which then pays it', async () => {
    const placed = await placeOrder(api, token, productId);
    const failed = standin.failPayment(placed.body.checkout.providerOrderId);
    const answer = await deliver(api, standin.webhook('payment.failed', failed.id));
    expect(answer.body).toEqual({ outcome: 'ignored' });
    expect(await order(placed.body.id)).toMatchObject({ status: 'pending', paymentStatus: 'pending' });
    const paid = standin.pay(placed.body.checkout.providerOrderId);
    const confirmed = await api.client.post(`/api/v1/orders/${placed.body.id}/payment`, paid, { token });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
  });

  it('cancelling a paid order refunds it through the Refunds API once; refund.processed changes nothing more', async () => {
    const placed = await placeOrder(api, token, productId);
    const paid = standin.pay(placed.body.checkout.providerOrderId);
    await api.client.post(`/api/v1/orders/${placed.body.id}/payment`, paid, { token });
    const cancelled = await api.client.post(`/api/v1/orders/${placed.body.id}/cancel`, undefined, { token });
    expect(cancelled.status).toBe(200);
    await waitForOrder(api, token, placed.body.id, (current) => current.paymentStatus === 'refunded');
    const refunds = standin.refunds().filter((refund) => refund.payment_id === paid.razorpay_payment_id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: 45_000, receipt: placed.body.id, status: 'processed' });
    const delivery = standin.webhook('refund.processed', paid.razorpay_payment_id);
    expect((await deliver(api, delivery)).body).toEqual({ outcome: 'unchanged' });
    expect(await order(placed.body.id)).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
  });

  it('refund.processed racing the refund job: the order is refunded once, with one Razorpay refund', async () => {
    const placed = await placeOrder(api, token, productId);
    const paid = standin.pay(placed.body.checkout.providerOrderId);
    await api.client.post(`/api/v1/orders/${placed.body.id}/payment`, paid, { token });
    await api.client.post(`/api/v1/orders/${placed.body.id}/cancel`, undefined, { token });
    const refunded = await eventually(async () =>
      standin.refunds().find((refund) => refund.payment_id === paid.razorpay_payment_id),
    );
    expect(refunded).toBeDefined();
    const delivery = standin.webhook('refund.processed', paid.razorpay_payment_id);
    const outcomes = [
      (await deliver(api, delivery)).body.outcome,
      (await deliver(api, delivery)).body.outcome,
    ];
    expect(outcomes.filter((outcome) => outcome === 'recorded').length).toBeLessThanOrEqual(1);
    await waitForOrder(api, token, placed.body.id, (current) => current.paymentStatus === 'refunded');
    expect(standin.refunds().filter((refund) => refund.payment_id === paid.razorpay_payment_id)).toHaveLength(
      1,
    );
  });

  it('serves the development checkout page, which loads checkout.js from Razorpay', async () => {
    const placed = await placeOrder(api, token, productId);
    const response = await api.client.get(`/checkout/${placed.body.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.body).toContain('https://checkout.razorpay.com/v1/checkout.js');
    expect(response.body).toContain(`/api/v1/orders/`);
  });

  it('placing an order while Razorpay is down answers 503; the same Idempotency-Key then returns it with its checkout', async () => {
    const request = { items: [{ productId, quantity: 1 }] };
    const headers = { 'idempotency-key': `razorpay-down-${Date.now()}` };
    standin.setOutage(true);
    try {
      const down = await api.client.post('/api/v1/orders', request, { token, headers });
      expect(down.status).toBe(503);
    } finally {
      standin.setOutage(false);
    }
    const again = await api.client.post('/api/v1/orders', request, { token, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(standin.order(again.body.checkout.providerOrderId)?.receipt).toBe(again.body.id);
  });

  it('answers 503 on the callback while Razorpay is down, and the order stays payable', async () => {
    const placed = await placeOrder(api, token, productId);
    const paid = standin.pay(placed.body.checkout.providerOrderId);
    standin.setOutage(true);
    try {
      const down = await api.client.post(`/api/v1/orders/${placed.body.id}/payment`, paid, { token });
      expect(down.status).toBe(503);
    } finally {
      standin.setOutage(false);
    }
    const confirmed = await api.client.post(`/api/v1/orders/${placed.body.id}/payment`, paid, { token });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
  });
});

describe('PAYMENT_PROVIDER=razorpay: the verification sweep asks Razorpay before anything else', () => {
  let standin: RazorpayStandin;
  let api: TestApi;

  beforeAll(async () => {
    standin = await startRazorpayStandin();
    api = await startTestApi({
      ...razorpayEnv(standin),
      PAYMENT_VERIFY_DELAY_SECONDS: '1',
      SCHEDULE_INTERVAL_SECONDS: '1',
    });
  });
  afterAll(async () => {
    expect(await api.app.stop()).toBe(0);
    await standin.stop();
  });

  it('records and captures a payment that neither the callback nor a webhook reported', async () => {
    const { token } = await registerCustomer(api.client, 'Silent');
    const product = await createProduct(api, { price: 20_000, stock: 10 });
    const placed = await placeOrder(api, token, product.id);
    const paid = standin.pay(placed.body.checkout.providerOrderId);
    const confirmed = await waitForOrder(
      api,
      token,
      placed.body.id,
      (order) => order.paymentStatus === 'paid',
      20_000,
    );
    expect(confirmed.status).toBe('confirmed');
    expect(standin.payment(paid.razorpay_payment_id)?.status).toBe('captured');
  });
});
