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
  /** The outcome of an earlier charge by its idempotency key, or `undefined` if the gateway never saw it. */
  lookup(idempotencyKey: string): Promise<GatewayResult | undefined>;
}
