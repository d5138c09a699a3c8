import { createSimulatedPaymentGateway } from '@bharatmart/core';
import { describePaymentGatewayContract } from '../src/payment-gateway-contract.js';

const DECLINE_ABOVE = 1_000_000;

describePaymentGatewayContract('simulated', {
  createGateway: () =>
    createSimulatedPaymentGateway({ declineAbove: DECLINE_ABOVE, apiKey: 'contract-api-key' }),
  declinedAmount: DECLINE_ABOVE + 1,
});

describePaymentGatewayContract('simulated, with a round trip', {
  createGateway: () =>
    createSimulatedPaymentGateway({ declineAbove: DECLINE_ABOVE, apiKey: 'contract-api-key', latencyMs: 20 }),
  declinedAmount: DECLINE_ABOVE + 1,
});
