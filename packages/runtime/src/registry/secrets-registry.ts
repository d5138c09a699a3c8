import { cacheSecrets, chainSecrets } from '@bharatmart/core';
import type { ISecretsProvider, Logger } from '@bharatmart/core';
import type { PortBackend } from '../backends/descriptor.js';
import { loadBackend } from '../backends/load-backend.js';
import { SECRETS_BACKENDS } from '../backends/secrets/index.js';
import type { SecretsDependencies } from '../backends/secrets/secrets-dependencies.js';
import type { SecretsConfig, SecretsSource } from '../config/app-config.js';

/**
 * Loads the provider for SECRETS_PROVIDER (chained with SECRETS_FALLBACK when set: the first provider
 * holding a name wins, and the source of each value is logged — never the value) and wraps it in a
 * cache refreshed every `cacheTtlSeconds`, so rotated secrets are picked up without a restart.
 * `instrument` wraps each loaded provider (under the chain and the cache: it sees the backend calls).
 */
export async function createSecrets(
  config: SecretsConfig,
  env: Record<string, string | undefined>,
  logger: Logger,
  instrument: (provider: ISecretsProvider) => ISecretsProvider = (provider) => provider,
): Promise<ISecretsProvider> {
  const primary = instrument(await loadProvider(config, env, 'SECRETS_PROVIDER'));
  const provider = config.fallback
    ? chainSecrets([primary, instrument(await loadProvider(config.fallback, env, 'SECRETS_FALLBACK'))], {
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
  variable: string,
): Promise<ISecretsProvider> {
  const backend = SECRETS_BACKENDS[source.provider] as PortBackend<
    SecretsSource,
    ISecretsProvider,
    SecretsDependencies
  >;
  const module: unknown = await loadBackend(backend, { variable, because: `${variable}=${source.provider}` });
  return backend.create(module, source, { env });
}
