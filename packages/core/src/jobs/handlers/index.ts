import type { JobName } from '../job-types.js';
import type { JobHandler } from '../../ports/worker.js';
import {
  lowStockHandler,
  orderConfirmationHandler,
  shippingHandler,
  welcomeHandler,
} from './email-handlers.js';
import type { JobDependencies } from './job-dependencies.js';
import { inventoryHandler, invoiceHandler } from './order-handlers.js';
import { chargeHandler, refundHandler, verifyHandler } from './payment-handlers.js';
import { pruneRecordsHandler } from './prune-handler.js';
import { expireUnpaidHandler, verifySweepHandler } from './schedule-handlers.js';

export type { JobDependencies, RetentionSettings } from './job-dependencies.js';
export { applyCharge, chargeKey, refundKey, type ChargeRecording } from './payment-handlers.js';
export { formatInr, invoiceFileName } from './email-templates.js';

/** Every job's handler, keyed by job name; the worker process (or the API, in-process) registers all. */
export type JobHandlers = { [N in JobName]: JobHandler<N> };

/** Builds the handler of every job over the given dependencies. */
export function createJobHandlers(deps: JobDependencies): JobHandlers {
  return {
    'email.welcome': welcomeHandler(deps),
    'email.order-confirmation': orderConfirmationHandler(deps),
    'email.shipping': shippingHandler(deps),
    'email.low-stock': lowStockHandler(deps),
    'order.inventory': inventoryHandler(deps),
    'order.invoice': invoiceHandler(deps),
    'payment.charge': chargeHandler(deps),
    'payment.refund': refundHandler(deps),
    'payment.verify': verifyHandler(deps),
    'order.expire-unpaid': expireUnpaidHandler(deps),
    'payment.verify-sweep': verifySweepHandler(deps),
    'order.prune-records': pruneRecordsHandler(deps),
  };
}
