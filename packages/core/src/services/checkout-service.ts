import type { Order, Viewer } from '../domain/types.js';
import { DomainError } from '../errors.js';
import { applyCharge, chargeKey, refundKey } from '../jobs/handlers/payment-handlers.js';
import type { IDatabaseAdapter } from '../ports/database.js';
import type { Logger } from '../ports/logger.js';
import { collectsAtCheckout } from '../ports/payment-gateway.js';
import type {
  CheckoutCallback,
  CheckoutPayments,
  CheckoutSession,
  PaymentEvent,
  PaymentGateway,
} from '../ports/payment-gateway.js';
import type { CatalogService } from './catalog-service.js';
import type { OrderService } from './order-service.js';

/** What a webhook delivery did: `recorded` changed an order, `unchanged` found it already so. */
export type WebhookOutcome = 'recorded' | 'unchanged' | 'ignored';

/**
 * Payments the customer makes on the provider's checkout (PAYMENT_PROVIDER=razorpay): opening the
 * checkout of an order, the checkout callback and the provider's webhooks. Every path records a
 * capture through `applyCharge` under the order's one charge key, so the callback and any number of
 * webhook deliveries, in any order, change the order once. Signatures are checked before any call to
 * the provider or the database.
 */
export class CheckoutService {
  constructor(
    private readonly db: IDatabaseAdapter,
    private readonly catalog: CatalogService,
    private readonly orders: OrderService,
    /** Absent in a process that needs none (an API that runs no jobs, with a gateway charging on the server). */
    private readonly gateway: PaymentGateway | undefined,
    private readonly logger: Logger,
  ) {}

  /** Whether orders are paid at the provider's checkout (otherwise the charge job charges them). */
  get enabled(): boolean {
    return this.gateway !== undefined && collectsAtCheckout(this.gateway);
  }

  /**
   * The checkout of an order the viewer may see and that still awaits payment: opens the provider's
   * order once (a repeat returns the same). INVALID_STATE for an order no longer awaiting payment;
   * UNAVAILABLE (503) when the provider cannot be reached.
   */
  async open(viewer: Viewer, orderId: string): Promise<CheckoutSession> {
    const gateway = this.checkoutGateway();
    const order = await this.orders.get(viewer, orderId);
    if (order.status !== 'pending' || order.paymentStatus !== 'pending') {
      throw new DomainError('INVALID_STATE', `Order ${orderId} is not awaiting payment`, {
        status: order.status,
        paymentStatus: order.paymentStatus,
      });
    }
    return gateway.openCheckout({ orderId: order.id, amount: order.total, currency: order.currency });
  }

  /**
   * The checkout callback: verifies its signature (VALIDATION_FAILED, before anything else), then
   * has the provider confirm the payment is for this order and amount and capture it, and records
   * the capture. Repeating it, or calling it after the webhook recorded the payment, returns the paid
   * order unchanged; a second, different payment for a paid order is CONFLICT.
   */
  async confirm(viewer: Viewer, orderId: string, callback: CheckoutCallback): Promise<Order> {
    const gateway = this.checkoutGateway();
    if (!gateway.verifyCheckout(callback)) {
      throw new DomainError('VALIDATION_FAILED', 'The checkout signature does not verify');
    }
    const order = await this.orders.get(viewer, orderId);
    if (order.paymentStatus !== 'pending') {
      const charge = await this.db.payments.findByKey(chargeKey(order.id));
      if (charge?.gatewayReference === callback.paymentId) return order;
      throw new DomainError('CONFLICT', `Order ${orderId} is no longer awaiting payment`, {
        paymentStatus: order.paymentStatus,
      });
    }
    const settled = await gateway.settle({
      orderId: order.id,
      providerOrderId: callback.providerOrderId,
      paymentId: callback.paymentId,
      amount: order.total,
      currency: order.currency,
    });
    if (settled.status === 'refused') {
      if (settled.reason === 'not-paid') {
        throw new DomainError('INVALID_STATE', 'The payment was not completed', { reason: settled.reason });
      }
      throw new DomainError('VALIDATION_FAILED', `The payment is not for order ${orderId}`, {
        reason: settled.reason,
      });
    }
    await applyCharge(this.recording(), order, settled.result);
    return this.orders.get(viewer, orderId);
  }

  /**
   * A webhook delivery: UNAUTHENTICATED unless its signature over the exact raw body verifies (no
   * call to the provider or the database before that). `payment.captured` records the capture
   * (NOT_FOUND for an order that is not ours, VALIDATION_FAILED for another amount or currency);
   * `refund.processed` marks a cancelled paid order refunded; `payment.failed` changes nothing — the
   * customer may pay again in the same checkout, and expiry cancels an order never paid. Replays
   * change nothing.
   */
  async webhook(
    rawBody: Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<WebhookOutcome> {
    const gateway = this.checkoutGateway();
    const event = gateway.parseWebhook(rawBody, headers);
    if (!event) throw new DomainError('UNAUTHENTICATED', 'The webhook signature does not verify');
    switch (event.type) {
      case 'payment.captured':
        return this.captured(gateway, event);
      case 'refund.processed':
        return this.refunded(event);
      case 'payment.failed':
        this.logger.info(
          { eventId: event.eventId, providerOrderId: event.providerOrderId, reason: event.reason },
          'payment attempt failed at checkout; the order stays open for another attempt',
        );
        return 'ignored';
      case 'ignored':
        return 'ignored';
    }
  }

  private async captured(
    gateway: CheckoutPayments,
    event: Extract<PaymentEvent, { type: 'payment.captured' }>,
  ): Promise<WebhookOutcome> {
    const orderId = await gateway.orderIdOf(event.providerOrderId);
    const order = orderId === undefined ? undefined : await this.db.orders.get(orderId);
    if (!order) throw new DomainError('NOT_FOUND', `No order for ${event.providerOrderId}`);
    if (event.amount !== order.total || event.currency !== order.currency) {
      this.logger.error(
        { orderId: order.id, paymentId: event.paymentId, amount: event.amount, total: order.total },
        'captured payment does not match the order; not recorded',
      );
      throw new DomainError('VALIDATION_FAILED', `The payment does not match order ${order.id}`, {
        amount: event.amount,
        currency: event.currency,
      });
    }
    const known = await this.db.payments.findByKey(chargeKey(order.id));
    if (known) {
      if (known.gatewayReference !== event.paymentId) {
        this.logger.error(
          { orderId: order.id, paymentId: event.paymentId, recorded: known.gatewayReference },
          'a second payment was captured for a paid order; refund it from the Razorpay Dashboard',
        );
      }
      return 'unchanged';
    }
    await applyCharge(this.recording(), order, { status: 'succeeded', reference: event.paymentId });
    this.logger.info({ orderId: order.id, eventId: event.eventId }, 'payment captured (webhook)');
    return 'recorded';
  }

  private async refunded(
    event: Extract<PaymentEvent, { type: 'refund.processed' }>,
  ): Promise<WebhookOutcome> {
    const order = event.orderId === undefined ? undefined : await this.db.orders.get(event.orderId);
    if (!order) throw new DomainError('NOT_FOUND', `No order for refund ${event.refundId}`);
    if (order.paymentStatus === 'refunded') return 'unchanged';
    const charge = await this.db.payments.findByKey(chargeKey(order.id));
    if (
      order.status !== 'cancelled' ||
      order.paymentStatus !== 'paid' ||
      charge?.gatewayReference !== event.paymentId ||
      event.amount !== charge.amount
    ) {
      this.logger.warn(
        { orderId: order.id, refundId: event.refundId, amount: event.amount },
        'refund made outside BharatMart (e.g. from the Dashboard) for an order not cancelled here; order unchanged',
      );
      return 'ignored';
    }
    const { created } = await this.db.payments.record(
      {
        orderId: order.id,
        kind: 'refund',
        amount: charge.amount,
        currency: charge.currency,
        status: 'succeeded',
        gatewayReference: event.refundId,
        idempotencyKey: refundKey(order.id),
      },
      { from: ['cancelled'], fromPayment: ['paid'], paymentStatus: 'refunded' },
    );
    return created ? 'recorded' : 'unchanged';
  }

  private checkoutGateway(): PaymentGateway & CheckoutPayments {
    const gateway = this.gateway;
    if (gateway === undefined || !collectsAtCheckout(gateway)) {
      throw new DomainError('NOT_FOUND', 'Payments are not made at a checkout with this PAYMENT_PROVIDER');
    }
    return gateway;
  }

  private recording() {
    return { db: this.db, catalog: this.catalog, logger: this.logger };
  }
}
