import type { Invoice } from '../../domain/types.js';
import type { IDatabaseAdapter } from '../../ports/database.js';
import type { EmailTransport } from '../../ports/email-transport.js';
import type { Logger } from '../../ports/logger.js';
import type { PaymentGateway } from '../../ports/payment-gateway.js';
import type { CatalogService } from '../../services/catalog-service.js';
import type { StoreSettings } from '../../services/store-settings.js';

/** How long records kept only for deduplication live before `order.prune-records` deletes them. */
export interface RetentionSettings {
  /** Days a relayed outbox entry (each scheduled slot's included) is kept after it was written. */
  outboxRetentionDays: number;
  /** Hours an order idempotency key is kept after it was claimed; a repeat after that is a new order. */
  idempotencyKeyRetentionHours: number;
  /**
   * Whether dispatched entries may be pruned as well as completed ones: true for a durable queue,
   * which owns a dispatched job; false for a non-durable one, whose unfinished jobs the outbox
   * re-dispatches at the next start.
   */
  pruneDispatched: boolean;
}

/** What the job handlers work with. */
export interface JobDependencies {
  db: IDatabaseAdapter;
  catalog: CatalogService;
  gateway: PaymentGateway;
  email: EmailTransport;
  settings: StoreSettings;
  retention: RetentionSettings;
  logger: Logger;
  /** The invoice as the PDF a customer receives (the same document `GET …/invoice.pdf` serves). */
  renderInvoicePdf: (invoice: Invoice) => Promise<Uint8Array>;
}
