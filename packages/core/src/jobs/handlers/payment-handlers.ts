import { pendingJob } from '../job-types.js';
import type { Order, PaymentRecord } from '../../domain/types.js';
import { collectsAtCheckout } from '../../ports/payment-gateway.js';
import type { GatewayResult } from '../../ports/payment-gateway.js';
import { PermanentJobError } from '../../ports/worker.js';
import type { JobHandler } from '../../ports/worker.js';
import type { JobDependencies } from './job-dependencies.js';

/** The gateway idempotency keys of an order's charge and refund. */
export const chargeKey = (orderId: string): string => `charge:${orderId}`;
export const refundKey = (orderId: string): string => `refund:${orderId}`;

async function loadOrder(deps: JobDependencies, orderId: string): Promise<Order> {
  const order = await deps.db.orders.get(orderId);
  if (!order) throw new PermanentJobError(`Order ${orderId} does not exist`);
  return order;
}

/** What recording a charge needs: the database, the catalog (stock returned) and the log. */
export type ChargeRecording = Pick<JobDependencies, 'db' | 'catalog' | 'logger'>;

/**
 * Records a charge outcome and moves the order with it, in one transaction: captured → confirmed and
 * paid, with the invoice job; declined → cancelled, payment failed, stock returned. If the order was
 * cancelled before the capture could be recorded, the captured money is refunded (see
 * `refundCaptureOfCancelled`), so no capture is ever kept for a cancelled order. The record's key is
 * the order's charge key, so recording again (a redelivered job, a repeated webhook, the checkout
 * callback after the webhook) changes nothing.
 */
export async function applyCharge(deps: ChargeRecording, order: Order, result: GatewayResult): Promise<void> {
  const succeeded = result.status === 'succeeded';
  const { payment } = await deps.db.payments.record(
    {
      orderId: order.id,
      kind: 'charge',
      amount: order.total,
      currency: order.currency,
      status: succeeded ? 'succeeded' : 'failed',
      gatewayReference: result.reference,
      idempotencyKey: chargeKey(order.id),
    },
    succeeded
      ? {
          from: ['pending'],
          to: 'confirmed',
          fromPayment: ['pending'],
          paymentStatus: 'paid',
          jobs: [pendingJob('order.invoice', { orderId: order.id }, order.id)],
        }
      : {
          from: ['pending'],
          to: 'cancelled',
          fromPayment: ['pending'],
          paymentStatus: 'failed',
          restock: true,
        },
  );
  if (succeeded) {
    await refundCaptureOfCancelled(deps, order.id, payment);
    return;
  }
  await deps.catalog.stockChanged(order.items.map((item) => item.productId));
  deps.logger.warn({ orderId: order.id, reason: result.reason }, 'payment declined; order cancelled');
}

/**
 * For a recorded capture whose order is cancelled with its payment still `pending` (the customer or
 * the expiry cancelled it before the capture was recorded): marks the payment paid and writes the
 * refund job, in one compare-and-set, so however often this runs the order is refunded once. Does
 * nothing for any other order.
 */
async function refundCaptureOfCancelled(
  deps: Pick<JobDependencies, 'db' | 'logger'>,
  orderId: string,
  charge: PaymentRecord,
): Promise<void> {
  if (charge.status !== 'succeeded') return;
  const result = await deps.db.orders.transition(orderId, {
    from: ['cancelled'],
    fromPayment: ['pending'],
    paymentStatus: 'paid',
    jobs: [pendingJob('payment.refund', { orderId }, orderId)],
  });
  if (result && !('conflict' in result)) {
    deps.logger.warn(
      { orderId, gatewayReference: charge.gatewayReference },
      'money was captured for a cancelled order; refund job written',
    );
  }
}

/**
 * True when the order's charge needs nothing more from the gateway: its payment is no longer
 * `pending`, or its charge is recorded (a capture recorded for an order cancelled meanwhile is sent
 * to refund first, in case the run that recorded it stopped before doing so).
 */
async function chargeSettled(deps: JobDependencies, order: Order): Promise<boolean> {
  if (order.paymentStatus !== 'pending') return true;
  const recorded = await deps.db.payments.findByKey(chargeKey(order.id));
  if (!recorded) return false;
  await refundCaptureOfCancelled(deps, order.id, recorded);
  return true;
}

/**
 * Charges an order once: the gateway call carries the order's idempotency key, and the outcome is
 * recorded under the same key, so a redelivered job — even after a crash between the gateway call and
 * the record — captures exactly once. An order cancelled before its charge was recorded is not
 * charged, but the gateway is asked whether an earlier try captured it: such a capture is recorded
 * and refunded. With a checkout gateway (Razorpay) there is nothing to charge: the customer pays at
 * checkout, and the callback, a webhook or the verification sweep records the payment.
 */
export function chargeHandler(deps: JobDependencies): JobHandler<'payment.charge'> {
  return async ({ payload }) => {
    const order = await loadOrder(deps, payload.orderId);
    if (await chargeSettled(deps, order)) return;
    if (collectsAtCheckout(deps.gateway)) return;
    if (order.status === 'cancelled') {
      if (!(await reconcileWithGateway(deps, order))) {
        deps.logger.info({ orderId: order.id }, 'order cancelled before it was charged; nothing to charge');
      }
      return;
    }
    deps.logger.info({ orderId: order.id, amount: order.total }, 'charging the order');
    const result = await deps.gateway.charge({
      orderId: order.id,
      amount: order.total,
      currency: order.currency,
      idempotencyKey: chargeKey(order.id),
    });
    await applyCharge(deps, order, result);
  };
}

/** Refunds a paid, cancelled order once (idempotency key per order) and marks it refunded. */
export function refundHandler(deps: JobDependencies): JobHandler<'payment.refund'> {
  return async ({ payload }) => {
    const order = await loadOrder(deps, payload.orderId);
    if (order.paymentStatus !== 'paid' || order.status !== 'cancelled') return;
    const charge = await deps.db.payments.findByKey(chargeKey(order.id));
    if (!charge || charge.status !== 'succeeded')
      throw new PermanentJobError(`Order ${order.id} has no captured charge to refund`);
    const result = await deps.gateway.refund({
      orderId: order.id,
      chargeReference: charge.gatewayReference,
      amount: charge.amount,
      currency: charge.currency,
      idempotencyKey: refundKey(order.id),
    });
    if (result.status !== 'succeeded')
      throw new Error(`Refund of order ${order.id} was declined: ${result.reason ?? 'no reason given'}`);
    await deps.db.payments.record(
      {
        orderId: order.id,
        kind: 'refund',
        amount: charge.amount,
        currency: charge.currency,
        status: 'succeeded',
        gatewayReference: result.reference,
        idempotencyKey: refundKey(order.id),
      },
      { from: ['cancelled'], fromPayment: ['paid'], paymentStatus: 'refunded' },
    );
  };
}

/**
 * Asks the gateway about an order whose payment we still show as pending. A capture the gateway has
 * but we never recorded (a crash after the call) is recorded now, moving the order as a charge job
 * would have — or, if the order was cancelled meanwhile, sending the money to refund. Returns whether
 * the gateway knew of a charge.
 */
export async function reconcileWithGateway(deps: JobDependencies, order: Order): Promise<boolean> {
  const known = await deps.gateway.lookup({ orderId: order.id, idempotencyKey: chargeKey(order.id) });
  if (!known) return false;
  deps.logger.warn({ orderId: order.id }, 'the gateway has a charge we never recorded; recording it');
  await applyCharge(deps, order, known);
  return true;
}

/** Reconciles one order whose payment is still pending with what the gateway knows. */
export function verifyHandler(deps: JobDependencies): JobHandler<'payment.verify'> {
  return async ({ payload }) => {
    const order = await loadOrder(deps, payload.orderId);
    if (await chargeSettled(deps, order)) return;
    await reconcileWithGateway(deps, order);
  };
}
