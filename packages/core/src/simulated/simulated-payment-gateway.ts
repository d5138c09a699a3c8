import { createHash } from 'node:crypto';
import type { GatewayResult, PaymentGateway } from '../ports/payment-gateway.js';

export interface SimulatedGatewayOptions {
  /** Charges above this amount (paise) are declined, so tests can exercise declines. */
  declineAbove: number;
}

/**
 * A deterministic stand-in for a payment provider, for development and tests: references derive from
 * the idempotency key, charges above `declineAbove` are declined, and each key is performed once per
 * process (repeats return the first result). It moves no money.
 */
export function createSimulatedPaymentGateway(options: SimulatedGatewayOptions): PaymentGateway {
  const performed = new Map<string, GatewayResult>();
  const reference = (prefix: string, key: string) =>
    `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
  const once = (key: string, perform: () => GatewayResult): GatewayResult => {
    const known = performed.get(key);
    if (known) return known;
    const result = perform();
    performed.set(key, result);
    return result;
  };
  return {
    name: 'simulated',
    async charge({ amount, idempotencyKey }) {
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
    async refund({ idempotencyKey }) {
      return once(idempotencyKey, () => ({
        status: 'succeeded',
        reference: reference('re', idempotencyKey),
      }));
    },
    async lookup(idempotencyKey) {
      return performed.get(idempotencyKey);
    },
  };
}
