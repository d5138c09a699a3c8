import type { Logger } from '@bharatmart/core';

/** What a payment descriptor's factory is given besides its configuration. */
export interface PaymentDependencies {
  /** The descriptor's declared secrets, read once and checked (required ones are present). */
  secretValues: Readonly<Record<string, string | undefined>>;
  /** The general PAYMENT_GATEWAY_API_KEY (development key outside production), read when called. */
  apiKey(): Promise<string>;
  logger: Logger;
}
