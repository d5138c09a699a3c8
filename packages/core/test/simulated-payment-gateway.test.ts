import { describe, expect, it } from '@jest/globals';
import { createSimulatedPaymentGateway } from '../src/simulated/simulated-payment-gateway.js';

const API_KEY = 'gateway-test-api-key';
const charge = { orderId: 'o-1', amount: 1_000, currency: 'INR' as const, idempotencyKey: 'charge:o-1' };
const refundOf = (chargeReference: string) => ({
  orderId: 'o-1',
  chargeReference,
  amount: 1_000,
  currency: 'INR' as const,
  idempotencyKey: 'refund:o-1',
});

describe('the simulated gateway uses its API key', () => {
  it('refunds a charge it issued under the same key, in this or another process', async () => {
    const charging = createSimulatedPaymentGateway({ declineAbove: 10_000, apiKey: API_KEY });
    const { reference } = await charging.charge(charge);
    const otherProcess = createSimulatedPaymentGateway({ declineAbove: 10_000, apiKey: API_KEY });
    await expect(otherProcess.refund(refundOf(reference))).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('refuses to refund a charge issued under another key, or a forged reference', async () => {
    const { reference } = await createSimulatedPaymentGateway({
      declineAbove: 10_000,
      apiKey: 'another-merchant-key',
    }).charge(charge);
    const gateway = createSimulatedPaymentGateway({ declineAbove: 10_000, apiKey: API_KEY });
    await expect(gateway.refund(refundOf(reference))).rejects.toThrow('not issued under this API key');
    await expect(gateway.refund(refundOf('ch_forged'))).rejects.toThrow('not issued under this API key');
    await expect(gateway.refund(refundOf('forged'))).rejects.toThrow('not issued under this API key');
  });

  it('never puts the key in a reference or an error', async () => {
    const gateway = createSimulatedPaymentGateway({ declineAbove: 10_000, apiKey: API_KEY });
    const { reference } = await gateway.charge(charge);
    const error = await gateway.refund(refundOf(`${reference}x`)).catch((e: Error) => e);
    expect(`${reference} ${String(error)}`).not.toContain(API_KEY);
  });
});

describe('the simulated gateway in a long-running process', () => {
  it('remembers the last rememberedKeys idempotency keys, forgetting the oldest first', async () => {
    const gateway = createSimulatedPaymentGateway({
      declineAbove: 10_000,
      apiKey: API_KEY,
      rememberedKeys: 3,
    });
    for (const n of [1, 2, 3, 4]) await gateway.charge({ ...charge, idempotencyKey: `charge:o-${n}` });
    await expect(gateway.lookup({ orderId: 'o-1', idempotencyKey: 'charge:o-1' })).resolves.toBeUndefined();
    for (const n of [2, 3, 4])
      await expect(
        gateway.lookup({ orderId: `o-${n}`, idempotencyKey: `charge:o-${n}` }),
      ).resolves.toMatchObject({
        status: 'succeeded',
      });
  });
});
