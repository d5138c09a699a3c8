import { cacheSecrets, chainSecrets } from '@bharatmart/core';
import type { ISecretsProvider, Logger } from '@bharatmart/core';
import type { SecretsConfig, SecretsSource } from '../config/app-config.js';

/**
 * Loads the provider for SECRETS_PROVIDER (chained with SECRETS_FALLBACK when set: the first provider
 * holding a name wins, and the source of each value is logged — never the value) and wraps it in a
 * cache refreshed every `cacheTtlSeconds`, so rotated secrets are picked up without a restart.
 */
export async function createSecrets(
  config: SecretsConfig,
  env: Record<string, string | undefined>,
  logger: Logger,
): Promise<ISecretsProvider> {
  const primary = await loadProvider(config, env);
  const provider = config.fallback
    ? chainSecrets([primary, await loadProvider(config.fallback, env)], {
        onResolved: (name, source) => logger.info({ secretName: name, source }, 'secret resolved'),
        onProviderError: ({ providerName, names, error }) =>
          logger.warn(
            { provider: providerName, secretNames: names, err: error },
            'secrets provider failed; trying the fallback',
          ),
      })
    : primary;
  return cacheSecrets(provider, {
    ttlSeconds: config.cacheTtlSeconds,
    onRefreshError: (name, error) =>
      logger.warn({ secretName: name, err: error }, 'secret refresh failed; keeping the last value'),
  });
}

async function loadProvider(
  source: SecretsSource,
  env: Record<string, string | undefined>,
): Promise<ISecretsProvider> {
  switch (source.provider) {
    case 'env': {
      const { createEnvSecrets } = await import('@bharatmart/secrets-env');
      return createEnvSecrets({ env });
    }
    case 'file': {
      const { createFileSecrets } = await import('@bharatmart/secrets-file');
      return createFileSecrets({ dir: source.dir });
    }
    case 'oci-vault': {
      const { createOciVaultSecrets } = await import('@bharatmart/secrets-oci-vault');
      return createOciVaultSecrets({
        vaultId: source.vaultOcid,
        instancePrincipal: source.instancePrincipal,
        ...(source.configFile ? { configFile: source.configFile } : {}),
        ...(source.profile ? { profile: source.profile } : {}),
      });
    }
    case 'aws-secrets-manager': {
      const { createAwsSecrets } = await import('@bharatmart/secrets-aws');
      return createAwsSecrets({
        region: source.region,
        ...(source.prefix ? { prefix: source.prefix } : {}),
        ...(source.jsonSecretId ? { jsonSecretId: source.jsonSecretId } : {}),
      });
    }
    case 'azure-key-vault': {
      const { createAzureKeyVaultSecrets } = await import('@bharatmart/secrets-azure');
      return createAzureKeyVaultSecrets({ vaultUrl: source.vaultUrl });
    }
  }
}
