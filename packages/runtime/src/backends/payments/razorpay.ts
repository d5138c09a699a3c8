import type { PaymentGateway } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { int, text, textOr, variable } from '../variable-kinds.js';
import type { PaymentDependencies } from './payment-dependencies.js';

const KEY_SECRET = 'RAZORPAY_KEY_SECRET';
const WEBHOOK_SECRET = 'RAZORPAY_WEBHOOK_SECRET';

/** PAYMENT_PROVIDER=razorpay: Razorpay Standard Checkout through the official SDK. */
export const razorpay = defineBackend({
  name: 'razorpay',
  package: '@bharatmart/payments-razorpay',
  summary: 'Razorpay Standard Checkout (cards, UPI, netbanking, wallets); see [payments.md](payments.md)',
  variables: {
    RAZORPAY_KEY_ID: variable(
      text(),
      'Razorpay API key id (required for `razorpay`), `rzp_test_…` or `rzp_live_…`; public, the checkout page opens Razorpay with it. Its secret is the secret `RAZORPAY_KEY_SECRET`',
    ),
    RAZORPAY_API_URL: variable(
      textOr('https://api.razorpay.com'),
      "base URL of Razorpay's API; only tests change it (to the stand-in)",
    ),
    RAZORPAY_TIMEOUT_MS: variable(
      int(10_000, 100, 120_000),
      'longest wait for one Razorpay API call; past it the request answers 503 or the job retries',
    ),
  },
  secrets: [
    {
      name: KEY_SECRET,
      doc: 'Razorpay API key secret (required for `razorpay`): authenticates every API call and keys the checkout signature',
      required: 'always',
    },
    {
      name: WEBHOOK_SECRET,
      doc: 'the secret set on the Razorpay webhook (required for `razorpay`); every delivery is verified with it before anything else',
      required: 'always',
    },
  ],
  resolve: (values, context) => ({
    provider: 'razorpay' as const,
    checkout: true,
    keyId: context.need('RAZORPAY_KEY_ID'),
    apiUrl: values.RAZORPAY_API_URL,
    timeoutMs: values.RAZORPAY_TIMEOUT_MS,
  }),
  load: () => import('@bharatmart/payments-razorpay'),
  create: async (module, config, deps: PaymentDependencies): Promise<PaymentGateway> =>
    module.createRazorpayGateway({
      keyId: config.keyId,
      keySecret: deps.secretValues[KEY_SECRET] ?? '',
      webhookSecret: deps.secretValues[WEBHOOK_SECRET] ?? '',
      apiUrl: config.apiUrl,
      timeoutMs: config.timeoutMs,
    }),
});
