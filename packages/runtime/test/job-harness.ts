import { afterAll, beforeAll } from '@jest/globals';
import { renderInvoicePdf } from '@bharatmart/invoice-pdf';
import { createJobHandlers, createLogEmailTransport, createSimulatedPaymentGateway } from '@bharatmart/core';
import type {
  JobContext,
  JobHandlers,
  JobName,
  JobPayloads,
  Order,
  PaymentGateway,
  Product,
  StoreSettings,
  User,
} from '@bharatmart/core';
import type { Container } from '../src/index.js';
import { testContainer, testLogger } from './support.js';

/** The job handlers over an in-memory container, with a customer, run directly as a queue would. */
export interface JobHarness {
  container: Container;
  gateway: PaymentGateway;
  customer: User;
  /** Runs the handler of `name` once, as delivery number `attempt`. */
  run<N extends JobName>(name: N, payload: JobPayloads[N], attempt?: number): Promise<void>;
  /** Creates a product with `stock` units and has the customer order `quantity` of it. */
  placeOrder(quantity?: number, stock?: number): Promise<{ order: Order; product: Product }>;
}

/**
 * Registers hooks that build the harness before the file's tests and close it after them; the
 * handlers see the container's store settings with `settings` laid over them, and the simulated
 * gateway unless `gateway` makes another (called in the harness's own `beforeAll`). Read the
 * harness's fields inside tests only.
 */
export function useJobHarness(
  settings: Partial<StoreSettings> = {},
  gateway: () => PaymentGateway = () =>
    createSimulatedPaymentGateway({ declineAbove: 1_000_000, apiKey: 'runtime-test-payment-key' }),
): JobHarness {
  let handlers: JobHandlers;
  const harness = {} as JobHarness;
  beforeAll(async () => {
    const container = await testContainer({ WORKER_MODE: 'none', SEED_DEMO_DATA: 'false' });
    const payments = gateway();
    handlers = createJobHandlers({
      db: container.db,
      catalog: container.catalog,
      gateway: payments,
      email: createLogEmailTransport(testLogger),
      renderInvoicePdf,
      settings: { ...container.config.store, adminEmail: 'admin@runtime.test', ...settings },
      retention: {
        outboxRetentionDays: container.config.retention.outboxDays,
        idempotencyKeyRetentionHours: container.config.retention.idempotencyKeyHours,
        pruneDispatched: false,
      },
      logger: testLogger,
    });
    const customer = await container.auth.register({
      email: `buyer-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.in`,
      password: 'long enough pw',
      name: 'Buyer',
    });
    Object.assign(harness, { container, gateway: payments, customer });
  });
  afterAll(async () => {
    await harness.container?.close(1000);
  });
  harness.run = async <N extends JobName>(name: N, payload: JobPayloads[N], attempt = 1) => {
    const job: JobContext<N> = {
      id: `${name}@test`,
      name,
      payload,
      attempt,
      attempts: 5,
      signal: new AbortController().signal,
    };
    await (handlers[name] as (job: JobContext<N>) => Promise<void>)(job);
  };
  harness.placeOrder = async (quantity = 1, stock = 10) => {
    const product = await harness.container.db.products.create({
      sku: `JOB-${Math.random().toString(36).slice(2, 10)}`,
      name: 'Job test product',
      description: '',
      price: 25_000,
      currency: 'INR',
      stock,
      category: 'test',
    });
    const { order } = await harness.container.orders.place(harness.customer, {
      items: [{ productId: product.id, quantity }],
    });
    return { order, product };
  };
  return harness;
}
