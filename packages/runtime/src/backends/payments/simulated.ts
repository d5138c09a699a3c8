import { createSimulatedPaymentGateway } from '@bharatmart/core';
import type { PaymentGateway } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { int, variable } from '../variable-kinds.js';
import type { PaymentDependencies } from './payment-dependencies.js';

/** PAYMENT_PROVIDER=simulated: a deterministic gateway that charges on the server and moves no money. */
export const simulated = defineBackend({
  name: 'simulated',
  summary: 'deterministic, charges on the server by a job, moves no money',
  variables: {
    PAYMENT_SIMULATED_DECLINE_ABOVE: variable(
      int(50_000_000, 0, Number.MAX_SAFE_INTEGER),
      'the simulated gateway declines charges above this many paise',
    ),
    PAYMENT_SIMULATED_LATENCY_MS: variable(
      int(0, 0, 60_000),
      "milliseconds each simulated charge and refund takes, like a provider's round trip (demos, failure tests)",
    ),
  },
  resolve: (values) => ({
    provider: 'simulated' as const,
    checkout: false,
    declineAbove: values.PAYMENT_SIMULATED_DECLINE_ABOVE,
    latencyMs: values.PAYMENT_SIMULATED_LATENCY_MS,
  }),
  load: async () => ({}),
  create: async (_module, config, deps: PaymentDependencies): Promise<PaymentGateway> =>
    createSimulatedPaymentGateway({
      declineAbove: config.declineAbove,
      apiKey: await deps.apiKey(),
      latencyMs: config.latencyMs,
    }),
});
