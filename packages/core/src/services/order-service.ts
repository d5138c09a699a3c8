import { createHash } from 'node:crypto';
import { DomainError } from '../errors.js';
import { validateShippingAddress, type ShippingAddress } from '../domain/gst/address.js';
import type { Invoice, Order, Page, Viewer } from '../domain/types.js';
import { pendingJob } from '../jobs/job-types.js';
import type { IDatabaseAdapter, OrderTransition } from '../ports/database.js';
import type { CatalogService } from './catalog-service.js';
import type { StoreSettings } from './store-settings.js';

export interface PlaceOrderInput {
  items: { productId: string; quantity: number }[];
  idempotencyKey?: string;
  /** Where it goes; without one the order is invoiced as a supply within the store's state. */
  shippingAddress?: ShippingAddress;
}

/** How many times a cancellation re-reads the order when a payment job changed it meanwhile. */
const CANCEL_ATTEMPTS = 3;

/** Placing, viewing, cancelling and shipping orders; who may see what is decided here. */
export class OrderService {
  constructor(
    private readonly db: IDatabaseAdapter,
    private readonly catalog: CatalogService,
    private readonly settings: StoreSettings,
  ) {}

  /**
   * Reserves stock and records a pending order, with its inventory check and payment charge written
   * to the outbox in the same transaction (the scheduled sweeps verify and expire it if payment never
   * arrives; the confirmation email follows the invoice, once paid). INSUFFICIENT_STOCK takes nothing, and so does
   * TOO_MANY_PENDING_ORDERS: a customer already holding the configured number of unpaid orders must
   * pay or cancel one first.
   * With an idempotency key, a repeat of the same request returns the first order (`created: false`).
   * A shipping address is validated (validateShippingAddress) before anything is reserved.
   */
  async place(user: Viewer, input: PlaceOrderInput): Promise<{ order: Order; created: boolean }> {
    this.validateItems(input.items);
    const shippingAddress =
      input.shippingAddress && validateShippingAddress(input.shippingAddress, 'shippingAddress.');
    const result = await this.db.orders.create({
      userId: user.id,
      items: input.items,
      ...(shippingAddress ? { shippingAddress } : {}),
      ...(input.idempotencyKey === undefined
        ? {}
        : { idempotencyKey: input.idempotencyKey, requestHash: requestHash(input.items, shippingAddress) }),
      ...(this.settings.maxPendingOrdersPerCustomer > 0
        ? { maxPendingOrders: this.settings.maxPendingOrdersPerCustomer }
        : {}),
      jobs: (orderId) => [
        pendingJob('order.inventory', { orderId }, orderId),
        pendingJob('payment.charge', { orderId }, orderId),
      ],
    });
    if (result.created) await this.catalog.stockChanged(input.items.map((item) => item.productId));
    return result;
  }

  /** The order if `viewer` owns it or is an admin; NOT_FOUND otherwise (never reveals others' orders). */
  async get(viewer: Viewer, id: string): Promise<Order> {
    const order = await this.db.orders.get(id);
    if (!order || (viewer.role !== 'admin' && order.userId !== viewer.id)) {
      throw new DomainError('NOT_FOUND', `Order ${id} not found`);
    }
    return order;
  }

  /** The viewer's own orders, newest first; an admin sees every order. */
  list(viewer: Viewer, page: { limit: number; offset: number }): Promise<Page<Order>> {
    const limit = Math.min(page.limit, this.settings.maxPageSize);
    return this.db.orders.list(
      viewer.role === 'admin'
        ? { limit, offset: page.offset }
        : { userId: viewer.id, limit, offset: page.offset },
    );
  }

  /**
   * Cancels a pending or confirmed order: stock returns and, if it was paid, a refund job is written
   * with the change. INVALID_STATE once shipped or already cancelled.
   */
  async cancel(viewer: Viewer, id: string): Promise<Order> {
    for (let attempt = 0; attempt < CANCEL_ATTEMPTS; attempt++) {
      const order = await this.get(viewer, id);
      const paid = order.paymentStatus === 'paid';
      const change: OrderTransition = {
        from: ['pending', 'confirmed'],
        to: 'cancelled',
        fromPayment: [order.paymentStatus],
        restock: true,
        jobs: paid ? [pendingJob('payment.refund', { orderId: id }, id)] : [],
      };
      const result = await this.db.orders.transition(id, change);
      if (!result) break;
      if (!('conflict' in result)) {
        await this.catalog.stockChanged(result.items.map((item) => item.productId));
        return result;
      }
      if (!['pending', 'confirmed'].includes(result.conflict.status)) {
        throw new DomainError(
          'INVALID_STATE',
          `Order ${id} is ${result.conflict.status} and can no longer be cancelled`,
        );
      }
    }
    throw new DomainError('CONFLICT', `Order ${id} changed while cancelling; try again`);
  }

  /** Marks a confirmed (paid) order shipped and writes the shipping email job. INVALID_STATE otherwise. */
  async ship(id: string): Promise<Order> {
    const result = await this.db.orders.transition(id, {
      from: ['confirmed'],
      to: 'shipped',
      jobs: [pendingJob('email.shipping', { orderId: id }, id)],
    });
    if (!result) throw new DomainError('NOT_FOUND', `Order ${id} not found`);
    if ('conflict' in result) {
      throw new DomainError(
        'INVALID_STATE',
        `Only confirmed orders can be shipped; order ${id} is ${result.conflict.status}`,
      );
    }
    return result;
  }

  /** The invoice of an order the viewer may see; NOT_FOUND until the invoice job has run. */
  async invoice(viewer: Viewer, id: string): Promise<Invoice> {
    await this.get(viewer, id);
    const invoice = await this.db.invoices.getByOrder(id);
    if (!invoice) throw new DomainError('NOT_FOUND', `Order ${id} has no invoice yet`);
    return invoice;
  }

  private validateItems(items: PlaceOrderInput['items']): void {
    const problems: { field: string; message: string }[] = [];
    if (items.length === 0) problems.push({ field: 'items', message: 'must contain at least one item' });
    if (items.length > this.settings.maxItemsPerOrder) {
      problems.push({
        field: 'items',
        message: `must contain at most ${this.settings.maxItemsPerOrder} items`,
      });
    }
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.productId)) {
        problems.push({ field: `items[${index}].productId`, message: 'each product may appear once' });
      }
      seen.add(item.productId);
      if (
        !Number.isInteger(item.quantity) ||
        item.quantity < 1 ||
        item.quantity > this.settings.maxQuantityPerItem
      ) {
        problems.push({
          field: `items[${index}].quantity`,
          message: `must be a whole number from 1 to ${this.settings.maxQuantityPerItem}`,
        });
      }
    });
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', 'The order is not valid', problems);
  }
}

/**
 * A fingerprint of the requested items, independent of their order in the request, and of the
 * shipping address when there is one (a request without one keeps the fingerprint it always had).
 */
function requestHash(items: PlaceOrderInput['items'], address: ShippingAddress | undefined): string {
  const canonical = [...items]
    .sort((a, b) => a.productId.localeCompare(b.productId))
    .map((i) => [i.productId, i.quantity]);
  const hashed = address ? { items: canonical, address } : canonical;
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex');
}
