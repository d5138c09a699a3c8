import type { EmailTransport, ISecretsProvider, Logger } from '@bharatmart/core';
import { readBackendSecrets } from '../backends/backend-secrets.js';
import type { PortBackend } from '../backends/descriptor.js';
import { EMAIL_BACKENDS } from '../backends/email/index.js';
import type { EmailDependencies } from '../backends/email/email-dependencies.js';
import { loadBackend } from '../backends/load-backend.js';
import type { EmailConfig } from '../config/app-config.js';

/**
 * Loads and creates the email transport for EMAIL_TRANSPORT; its declared secrets (SMTP_PASSWORD)
 * come from the secrets provider, a required one missing stops startup naming it.
 */
export async function createEmailTransport(
  config: EmailConfig,
  deps: { secrets: ISecretsProvider; logger: Logger; production: boolean },
): Promise<EmailTransport> {
  const backend = EMAIL_BACKENDS[config.transport] as unknown as PortBackend<
    EmailConfig,
    EmailTransport,
    EmailDependencies
  >;
  const because = `EMAIL_TRANSPORT=${config.transport}`;
  const module: unknown = await loadBackend(backend, { variable: 'EMAIL_TRANSPORT', because });
  const secretValues = await readBackendSecrets(backend, config, deps.secrets, {
    because,
    production: deps.production,
  });
  return backend.create(module, config, {
    secretValues,
    logger: deps.logger.child({ component: 'email', transport: config.transport }),
  });
}
