import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { collectsAtCheckout } from '@bharatmart/core';
import type { CheckoutSession, GatewayResult, Money, PaymentGateway } from '@bharatmart/core';

/** What the suite needs from a gateway's test set-up besides the gateway itself. */
export interface PaymentGatewayHarness {
  /** The gateway under test; called once per test. */
  createGateway(): PaymentGateway;
  /** A gateway that charges on the server: an amount (paise) its provider declines. */
  declinedAmount?: Money;
  /**
   * A `CheckoutPayments` gateway: the customer pays the opened session in full at the provider's
   * checkout, as their browser would (a stand-in's test control).
   */
  payAtCheckout?(session: CheckoutSession): Promise<void>;
  /**
   * Makes every call to the provider fail (an outage) until the returned function ends it. Absent
   * for a gateway with no provider to lose (the simulated one runs in the process).
   */
  outage?(): Promise<() => Promise<void>>;
}

/** A payable amount every gateway accepts (₹499.00). */
const AMOUNT: Money = 49_900;

/**
 * The PaymentGateway contract: every call carries an idempotency key, the gateway performs the
 * operation once per key and answers repeats with the first result; declines are returned and
 * provider failures thrown; `lookup` answers the order's charge outcome or `undefined`; a charge can
 * be refunded. A gateway that charges on the server is charged by the suite; for a `CheckoutPayments`
 * gateway (`collectsAtCheckout`) the harness makes the customer pay at checkout instead, and the
 * suite checks what the gateway declares. Every test uses its own order id and keys, so the suite can
 * share a provider (or stand-in) with other tests.
 */
export function describePaymentGatewayContract(label: string, harness: PaymentGatewayHarness): void {
  const newOrder = () => {
    const orderId = randomUUID();
    return { orderId, chargeKey: `charge:${orderId}`, refundKey: `refund:${orderId}` };
  };

  /** Makes `orderId` paid as the gateway takes payments, and returns the charge's result. */
  const paid = async (
    gateway: PaymentGateway,
    order: ReturnType<typeof newOrder>,
  ): Promise<GatewayResult> => {
    if (!collectsAtCheckout(gateway)) {
      return gateway.charge({
        orderId: order.orderId,
        amount: AMOUNT,
        currency: 'INR',
        idempotencyKey: order.chargeKey,
      });
    }
    if (!harness.payAtCheckout) throw new Error(`${label}: a checkout gateway needs harness.payAtCheckout`);
    await harness.payAtCheckout(
      await gateway.openCheckout({ orderId: order.orderId, amount: AMOUNT, currency: 'INR' }),
    );
    const result = await gateway.lookup({ orderId: order.orderId, idempotencyKey: order.chargeKey });
    if (!result) throw new Error(`${label}: the order paid at checkout has no charge`);
    return result;
  };

  const refundOf = (order: ReturnType<typeof newOrder>, charge: GatewayResult) => ({
    orderId: order.orderId,
    chargeReference: charge.reference,
    amount: AMOUNT,
    currency: 'INR' as const,
    idempotencyKey: order.refundKey,
  });

  describe(`${label}: PaymentGateway contract`, () => {
    it('has a name, and lookup answers undefined for an order it has no charge of', async () => {
      const gateway = harness.createGateway();
      expect(gateway.name).toMatch(/\S/);
      const order = newOrder();
      expect(
        await gateway.lookup({ orderId: order.orderId, idempotencyKey: order.chargeKey }),
      ).toBeUndefined();
    });

    it("lookup answers the order's charge outcome, the same on every ask", async () => {
      const gateway = harness.createGateway();
      const order = newOrder();
      const charge = await paid(gateway, order);
      expect(charge.status).toBe('succeeded');
      expect(charge.reference).toMatch(/\S/);
      const lookup = () => gateway.lookup({ orderId: order.orderId, idempotencyKey: order.chargeKey });
      expect(await lookup()).toEqual(charge);
      expect(await lookup()).toEqual(charge);
    });

    it('refunds a charge once per key: a repeat answers with the first result', async () => {
      const gateway = harness.createGateway();
      const order = newOrder();
      const charge = await paid(gateway, order);
      const first = await gateway.refund(refundOf(order, charge));
      expect(first.status).toBe('succeeded');
      expect(first.reference).toMatch(/\S/);
      expect(first.reference).not.toBe(charge.reference);
      expect(await gateway.refund(refundOf(order, charge))).toEqual(first);
    });

    it('has the harness hooks its way of taking payments needs (no section left out)', () => {
      const gateway = harness.createGateway();
      if (collectsAtCheckout(gateway)) expect(harness.payAtCheckout).toBeInstanceOf(Function);
      else expect(harness.declinedAmount).toBeGreaterThan(0);
    });

    if (harness.declinedAmount !== undefined) {
      describeServerCharges(harness, harness.declinedAmount, newOrder);
    }

    const outage = harness.outage;
    if (outage) {
      it('a provider failure is thrown, never answered as a decline; afterwards each key performs once', async () => {
        const gateway = harness.createGateway();
        const order = newOrder();
        const charge = await paid(gateway, order);
        const fresh = newOrder();
        const end = await outage();
        try {
          await expect(
            gateway.lookup({ orderId: order.orderId, idempotencyKey: order.chargeKey }),
          ).rejects.toThrow();
          await expect(gateway.refund(refundOf(order, charge))).rejects.toThrow();
          if (!collectsAtCheckout(gateway)) {
            await expect(
              gateway.charge({
                orderId: fresh.orderId,
                amount: AMOUNT,
                currency: 'INR',
                idempotencyKey: fresh.chargeKey,
              }),
            ).rejects.toThrow();
          }
        } finally {
          await end();
        }
        expect(
          await gateway.lookup({ orderId: fresh.orderId, idempotencyKey: fresh.chargeKey }),
        ).toBeUndefined();
        const refund = await gateway.refund(refundOf(order, charge));
        expect(refund.status).toBe('succeeded');
        expect(await gateway.refund(refundOf(order, charge))).toEqual(refund);
      });
    }
  });
}

/** The promises of `charge`, for a gateway that charges on the server. */
function describeServerCharges(
  harness: PaymentGatewayHarness,
  declinedAmount: Money,
  newOrder: () => { orderId: string; chargeKey: string },
): void {
  describe('charge', () => {
    const chargeOf = (order: { orderId: string; chargeKey: string }, amount = AMOUNT) => ({
      orderId: order.orderId,
      amount,
      currency: 'INR' as const,
      idempotencyKey: order.chargeKey,
    });

    it('performs once per key: repeats, in turn or at once, answer with the first result', async () => {
      const gateway = harness.createGateway();
      const order = newOrder();
      const first = await gateway.charge(chargeOf(order));
      expect(first.status).toBe('succeeded');
      expect(await gateway.charge(chargeOf(order))).toEqual(first);
      const concurrent = newOrder();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => gateway.charge(chargeOf(concurrent))),
      );
      expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
      expect(results[0]?.reference).not.toBe(first.reference);
    });

    it('answers a decline with a reason, final for its key, and lookup reports it', async () => {
      const gateway = harness.createGateway();
      const order = newOrder();
      const declined = await gateway.charge(chargeOf(order, declinedAmount));
      expect(declined.status).toBe('declined');
      expect(declined.reason).toMatch(/\S/);
      expect(declined.reference).toMatch(/\S/);
      expect(await gateway.charge(chargeOf(order, declinedAmount))).toEqual(declined);
      expect(await gateway.lookup({ orderId: order.orderId, idempotencyKey: order.chargeKey })).toEqual(
        declined,
      );
    });
  });
}
