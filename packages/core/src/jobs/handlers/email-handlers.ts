import { isEmailRejected } from '../../ports/email-transport.js';
import { PermanentJobError } from '../../ports/worker.js';
import type { JobHandler } from '../../ports/worker.js';
import type { JobDependencies } from './job-dependencies.js';
import type { RenderedEmail } from './email-templates.js';
import { lowStockEmail, orderConfirmationEmail, shippingEmail, welcomeEmail } from './email-templates.js';

/**
 * Renders and sends a message unless one with `dedupeKey` was already recorded (then nothing is
 * rendered), then records it. A crash between
 * sending and recording sends again on redelivery (at least once), never zero times. A message the
 * server refused for good (`EmailRejectedError`, an SMTP 5xx) fails the job at once, without retries:
 * it lands among the failed jobs with the server's reply and nothing is recorded as sent. Any other
 * failure is thrown as it is, so the queue retries it with backoff.
 */
async function sendOnce(
  deps: JobDependencies,
  to: string,
  dedupeKey: string,
  render: () => RenderedEmail | Promise<RenderedEmail>,
): Promise<void> {
  if (await deps.db.emails.findByDedupeKey(dedupeKey)) return;
  const { template, subject, body, html, attachments } = await render();
  try {
    await deps.email.send({ to, subject, text: body, html, ...(attachments ? { attachments } : {}) });
  } catch (error) {
    if (!isEmailRejected(error)) throw error;
    deps.logger.warn(
      { template, dedupeKey, responseCode: error.responseCode },
      'email rejected; not retried',
    );
    throw new PermanentJobError(`The mail server rejected the ${template} email: ${error.message}`);
  }
  await deps.db.emails.record({ to, dedupeKey, transport: deps.email.name, template, subject, body });
}

async function orderAndOwner(deps: JobDependencies, orderId: string) {
  const order = await deps.db.orders.get(orderId);
  if (!order) throw new PermanentJobError(`Order ${orderId} does not exist`);
  const user = await deps.db.users.get(order.userId);
  if (!user) throw new PermanentJobError(`User ${order.userId} of order ${orderId} does not exist`);
  return { order, user };
}

export function welcomeHandler(deps: JobDependencies): JobHandler<'email.welcome'> {
  return async ({ payload }) => {
    const user = await deps.db.users.get(payload.userId);
    if (!user) throw new PermanentJobError(`User ${payload.userId} does not exist`);
    await sendOnce(deps, user.email, `welcome:${user.id}`, () => welcomeEmail(user));
  };
}

/**
 * Sends the confirmation of a paid order with its tax invoice PDF attached (the invoice job writes
 * this job once the invoice is stored; an order without one yet is retried). An order cancelled by
 * then gets no confirmation: its cancellation is what the customer did last.
 */
export function orderConfirmationHandler(deps: JobDependencies): JobHandler<'email.order-confirmation'> {
  return async ({ payload }) => {
    const { order, user } = await orderAndOwner(deps, payload.orderId);
    if (order.status === 'cancelled') {
      deps.logger.info({ orderId: order.id }, 'order cancelled before its confirmation; none sent');
      return;
    }
    await sendOnce(deps, user.email, `order-confirmation:${order.id}`, async () => {
      const invoice = await deps.db.invoices.getByOrder(order.id);
      if (!invoice) throw new Error(`Order ${order.id} has no invoice yet`);
      return orderConfirmationEmail(user, order, invoice, await deps.renderInvoicePdf(invoice));
    });
  };
}

export function shippingHandler(deps: JobDependencies): JobHandler<'email.shipping'> {
  return async ({ payload }) => {
    const { order, user } = await orderAndOwner(deps, payload.orderId);
    await sendOnce(deps, user.email, `shipping:${order.id}`, () => shippingEmail(user, order));
  };
}

export function lowStockHandler(deps: JobDependencies): JobHandler<'email.low-stock'> {
  return async ({ id, payload }) => {
    const product = await deps.db.products.get(payload.productId);
    if (!product) throw new PermanentJobError(`Product ${payload.productId} does not exist`);
    await sendOnce(deps, deps.settings.adminEmail, `low-stock:${id}`, () => lowStockEmail(product));
  };
}
