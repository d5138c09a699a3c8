import { pendingJob } from '../job-types.js';
import { PermanentJobError } from '../../ports/worker.js';
import type { JobHandler } from '../../ports/worker.js';
import type { JobDependencies } from './job-dependencies.js';

/**
 * After an order reserved stock: writes a low-stock alert job for each product now at or below the
 * threshold. The alert's key names the order, so a redelivered job alerts once.
 */
export function inventoryHandler(deps: JobDependencies): JobHandler<'order.inventory'> {
  return async ({ payload }) => {
    const order = await deps.db.orders.get(payload.orderId);
    if (!order) throw new PermanentJobError(`Order ${payload.orderId} does not exist`);
    const alerts = [];
    for (const item of order.items) {
      const product = await deps.db.products.get(item.productId);
      if (product && product.stock <= deps.settings.lowStockThreshold) {
        alerts.push(pendingJob('email.low-stock', { productId: product.id }, `${product.id}-${order.id}`));
      }
    }
    if (alerts.length > 0) await deps.db.outbox.add(alerts);
  };
}

/** Issues the invoice of a paid order, once. An unpaid order is retried (payment may be on its way). */
export function invoiceHandler(deps: JobDependencies): JobHandler<'order.invoice'> {
  return async ({ payload }) => {
    const order = await deps.db.orders.get(payload.orderId);
    if (!order) throw new PermanentJobError(`Order ${payload.orderId} does not exist`);
    if (order.paymentStatus === 'pending') throw new Error(`Order ${order.id} is not paid yet`);
    if (order.paymentStatus === 'failed') throw new PermanentJobError(`Order ${order.id} was never paid`);
    // The repository numbers it; a redelivered job gets the invoice the first delivery stored.
    await deps.db.invoices.createOnce({
      orderId: order.id,
      userId: order.userId,
      lines: order.items.map((item) => ({
        sku: item.sku,
        name: item.name,
        quantity: item.quantity,
        unitPrice: item.unitPrice,
        lineTotal: item.unitPrice * item.quantity,
      })),
      total: order.total,
      currency: order.currency,
      issuedAt: new Date().toISOString(),
    });
  };
}
