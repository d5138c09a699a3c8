import type { ISecretsProvider } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import type { SecretsDependencies } from './secrets-dependencies.js';

/** SECRETS_PROVIDER=env: secrets are environment variables. */
export const env = defineBackend({
  name: 'env',
  package: '@bharatmart/secrets-env',
  summary: 'environment variables',
  variables: {},
  resolve: () => ({ provider: 'env' as const }),
  load: () => import('@bharatmart/secrets-env'),
  create: async (module, _config, deps: SecretsDependencies): Promise<ISecretsProvider> =>
    module.createEnvSecrets({ env: deps.env }),
});
