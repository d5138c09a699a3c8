import { buildGstInvoice } from '../../domain/gst/gst-invoice.js';
import type { Order } from '../../domain/types.js';
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

/**
 * Issues the GST tax invoice of a paid order, once, with each line's HSN code and rate as its product
 * carries them at the time of supply (a deleted product's line is refused as permanent), then writes
 * the order's confirmation email, which carries the invoice. An unpaid order is retried (payment may
 * be on its way). A redelivered job finds the invoice stored and writes the email job again: the
 * outbox key makes that a no-op when the first delivery got that far.
 */
export function invoiceHandler(deps: JobDependencies): JobHandler<'order.invoice'> {
  return async ({ payload }) => {
    const order = await deps.db.orders.get(payload.orderId);
    if (!order) throw new PermanentJobError(`Order ${payload.orderId} does not exist`);
    if (order.paymentStatus === 'pending') throw new Error(`Order ${order.id} is not paid yet`);
    if (order.paymentStatus === 'failed') throw new PermanentJobError(`Order ${order.id} was never paid`);
    if (!(await deps.db.invoices.getByOrder(order.id))) await issueInvoice(deps, order);
    await deps.db.outbox.add([pendingJob('email.order-confirmation', { orderId: order.id }, order.id)]);
  };
}

async function issueInvoice(deps: JobDependencies, order: Order): Promise<void> {
  const taxData = [];
  for (const item of order.items) {
    const product = await deps.db.products.get(item.productId);
    if (!product)
      throw new PermanentJobError(`Product ${item.productId} of order ${order.id} does not exist`);
    taxData.push({ hsnCode: product.hsnCode, gstRatePercent: product.gstRatePercent });
  }
  // The repository numbers it; a redelivered job gets the invoice the first delivery stored.
  await deps.db.invoices.createOnce(
    buildGstInvoice({
      order,
      taxData,
      seller: deps.settings.seller,
      numberPrefix: deps.settings.invoicePrefix,
      issuedAt: new Date().toISOString(),
    }),
  );
}
