import { cacheSecrets } from '@bharatmart/core';
import type { ISecretsProvider, Logger } from '@bharatmart/core';
import type { SecretsConfig } from '../config/app-config.js';
import { adapterNotAvailable } from './unavailable.js';

/**
 * Loads the secrets provider for SECRETS_PROVIDER and wraps it in a cache that refreshes values every
 * `cacheTtlSeconds`, so rotated secrets are picked up without a restart.
 */
export async function createSecrets(
  config: SecretsConfig,
  env: Record<string, string | undefined>,
  logger: Logger,
): Promise<ISecretsProvider> {
  const provider = await loadProvider(config, env);
  return cacheSecrets(provider, {
    ttlSeconds: config.cacheTtlSeconds,
    onRefreshError: (name, error) =>
      logger.warn({ secret: name, err: error }, 'secret refresh failed; keeping the last value'),
  });
}

async function loadProvider(
  config: SecretsConfig,
  env: Record<string, string | undefined>,
): Promise<ISecretsProvider> {
  switch (config.provider) {
    case 'env': {
      const { createEnvSecrets } = await import('@bharatmart/secrets-env');
      return createEnvSecrets({ env });
    }
    case 'file':
    case 'oci-vault':
    case 'aws-secrets-manager':
    case 'azure-key-vault':
      throw adapterNotAvailable('SECRETS_PROVIDER', config.provider, ['env']);
  }
}
