import { pendingJob } from '../job-types.js';
import type { JobHandler } from '../../ports/worker.js';
import type { JobDependencies } from './job-dependencies.js';
import { reconcileWithGateway } from './payment-handlers.js';

/** Orders read per round trip by a sweep. */
const SWEEP_BATCH = 100;
/** Rounds one expiry run makes at most; whatever remains waits for the next run. */
const EXPIRY_ROUNDS = 10;
/** Overdue orders one verification sweep writes jobs for at most. */
const VERIFY_SWEEP_LIMIT = 1000;

const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

/**
 * Cancels orders still unpaid ORDER_PAYMENT_TIMEOUT_MINUTES after they were placed and returns their
 * stock. Each order is first checked with the gateway, so a capture we never recorded confirms the
 * order instead. The cancellation is a compare-and-set on `pending`, so however many runs overlap
 * (or a charge lands meanwhile), an order expires once and its stock comes back once.
 */
export function expireUnpaidHandler(deps: JobDependencies): JobHandler<'order.expire-unpaid'> {
  return async () => {
    const createdBefore = minutesAgo(deps.settings.orderPaymentTimeoutMinutes);
    const seen = new Set<string>();
    let expired = 0;
    for (let round = 0; round < EXPIRY_ROUNDS; round++) {
      const batch = (await deps.db.orders.awaitingPayment({ createdBefore, limit: SWEEP_BATCH })).filter(
        (order) => !seen.has(order.id),
      );
      if (batch.length === 0) break;
      for (const order of batch) {
        seen.add(order.id);
        if (await reconcileWithGateway(deps, order)) continue;
        const result = await deps.db.orders.transition(order.id, {
          from: ['pending'],
          to: 'cancelled',
          fromPayment: ['pending'],
          restock: true,
        });
        if (!result || 'conflict' in result) continue;
        expired += 1;
        await deps.catalog.stockChanged(order.items.map((item) => item.productId));
        deps.logger.info(
          { orderId: order.id, createdAt: order.createdAt },
          'unpaid order expired; stock returned',
        );
      }
      if (round === EXPIRY_ROUNDS - 1) {
        deps.logger.warn(
          { expired },
          'more unpaid orders are overdue than one run handles; the next run continues',
        );
      }
    }
    if (expired > 0) deps.logger.info({ expired }, 'expired unpaid orders');
  };
}

/**
 * Writes one `payment.verify` job for every order whose payment is still pending
 * PAYMENT_VERIFY_DELAY_SECONDS after it was placed. The job's key is the order's, so each order is
 * verified once however many sweeps see it; expiry later checks with the gateway again before it
 * cancels.
 */
export function verifySweepHandler(deps: JobDependencies): JobHandler<'payment.verify-sweep'> {
  return async () => {
    const overdue = await deps.db.orders.awaitingPayment({
      createdBefore: minutesAgo(deps.settings.paymentVerifyDelaySeconds / 60),
      limit: VERIFY_SWEEP_LIMIT,
    });
    if (overdue.length === 0) return;
    await deps.db.outbox.add(
      overdue.map((order) => pendingJob('payment.verify', { orderId: order.id }, order.id)),
    );
    deps.logger.info({ orders: overdue.length }, 'payments overdue; verification jobs written');
  };
}
