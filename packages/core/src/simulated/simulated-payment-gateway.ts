import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { GatewayResult, PaymentGateway } from '../ports/payment-gateway.js';

export interface SimulatedGatewayOptions {
  /** Charges above this amount (paise) are declined, so tests can exercise declines. */
  declineAbove: number;
  /**
   * The merchant's API key (PAYMENT_GATEWAY_API_KEY). Every reference the gateway issues carries an
   * HMAC of it, and a refund is refused unless its charge reference verifies under this key — so
   * processes configured with different keys cannot refund each other's charges.
   */
  apiKey: string;
  /** Milliseconds each charge and refund takes, like a provider's round trip. Default 0. */
  latencyMs?: number;
  /** How many idempotency keys the process remembers, the oldest forgotten first. Default 10,000. */
  rememberedKeys?: number;
}

/**
 * A deterministic stand-in for a payment provider, for development and tests: references derive from
 * the idempotency key and are signed with the API key, charges above `declineAbove` are declined, a
 * refund of a charge reference not signed with this API key throws (as a provider answers a request
 * authenticated with the wrong key), and each of the last `rememberedKeys` keys is performed once per
 * process (repeats return the first result; memory stays bounded however long the process runs).
 * It moves no money.
 */
export function createSimulatedPaymentGateway(options: SimulatedGatewayOptions): PaymentGateway {
  const remembered = options.rememberedKeys ?? 10_000;
  const performed = new Map<string, GatewayResult>();
  const roundTrip = () =>
    options.latencyMs ? new Promise((resolve) => setTimeout(resolve, options.latencyMs)) : Promise.resolve();
  const signature = (body: string) =>
    createHmac('sha256', options.apiKey).update(body).digest('hex').slice(0, 16);
  const reference = (prefix: string, key: string) => {
    const body = `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
    return `${body}_${signature(body)}`;
  };
  const signedHere = (issued: string) => {
    const cut = issued.lastIndexOf('_');
    const expected = Buffer.from(signature(issued.slice(0, cut)));
    const given = Buffer.from(issued.slice(cut + 1));
    return cut > 0 && given.length === expected.length && timingSafeEqual(given, expected);
  };
  const once = (key: string, perform: () => GatewayResult): GatewayResult => {
    const known = performed.get(key);
    if (known) return known;
    const result = perform();
    performed.set(key, result);
    // A Map iterates in insertion order: the first key is the oldest.
    if (performed.size > remembered) performed.delete(performed.keys().next().value as string);
    return result;
  };
  return {
    name: 'simulated',
    async charge({ amount, idempotencyKey }) {
      await roundTrip();
      return once(idempotencyKey, () =>
        amount > options.declineAbove
          ? {
              status: 'declined',
              reference: reference('ch', idempotencyKey),
              reason: 'amount exceeds the simulated card limit',
            }
          : { status: 'succeeded', reference: reference('ch', idempotencyKey) },
      );
    },
    async refund({ chargeReference, idempotencyKey }) {
      await roundTrip();
      if (!signedHere(chargeReference)) {
        throw new Error(
          `the simulated gateway refused the refund: charge ${chargeReference} was not issued under this API key`,
        );
      }
      return once(idempotencyKey, () => ({
        status: 'succeeded',
        reference: reference('re', idempotencyKey),
      }));
    },
    async lookup({ idempotencyKey }) {
      return performed.get(idempotencyKey);
    },
  };
}
