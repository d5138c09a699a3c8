import type { IDatabaseAdapter } from '../../ports/database.js';
import type { EmailTransport } from '../../ports/email-transport.js';
import type { Logger } from '../../ports/logger.js';
import type { PaymentGateway } from '../../ports/payment-gateway.js';
import type { CatalogService } from '../../services/catalog-service.js';
import type { StoreSettings } from '../../services/store-settings.js';

/** What the job handlers work with. */
export interface JobDependencies {
  db: IDatabaseAdapter;
  catalog: CatalogService;
  gateway: PaymentGateway;
  email: EmailTransport;
  settings: StoreSettings;
  logger: Logger;
}
