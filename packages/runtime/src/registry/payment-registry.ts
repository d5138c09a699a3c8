import type { ISecretsProvider, Logger, PaymentGateway } from '@bharatmart/core';
import { readBackendSecrets } from '../backends/backend-secrets.js';
import type { PortBackend } from '../backends/descriptor.js';
import { loadBackend } from '../backends/load-backend.js';
import { PAYMENT_BACKENDS } from '../backends/payments/index.js';
import type { PaymentDependencies } from '../backends/payments/payment-dependencies.js';
import type { PaymentConfig } from '../config/app-config.js';

/**
 * Loads and creates the payment gateway for PAYMENT_PROVIDER. The secrets its descriptor declares
 * (Razorpay's key secret and webhook secret) come from the secrets provider; a required one that no
 * provider holds stops startup naming it.
 */
export async function createPaymentGateway(
  config: PaymentConfig,
  deps: { secrets: ISecretsProvider; logger: Logger; production: boolean; apiKey(): Promise<string> },
): Promise<PaymentGateway> {
  const backend = PAYMENT_BACKENDS[config.provider] as unknown as PortBackend<
    PaymentConfig,
    PaymentGateway,
    PaymentDependencies
  >;
  const because = `PAYMENT_PROVIDER=${config.provider}`;
  const module: unknown = await loadBackend(backend, { variable: 'PAYMENT_PROVIDER', because });
  const secretValues = await readBackendSecrets(backend, config, deps.secrets, {
    because,
    production: deps.production,
  });
  return backend.create(module, config, {
    secretValues,
    apiKey: deps.apiKey,
    logger: deps.logger.child({ component: 'payments', provider: config.provider }),
  });
}
