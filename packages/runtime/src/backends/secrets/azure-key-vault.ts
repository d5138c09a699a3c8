import type { ISecretsProvider } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { text, variable } from '../variable-kinds.js';
import type { SecretsDependencies } from './secrets-dependencies.js';

/** SECRETS_PROVIDER=azure-key-vault: Azure Key Vault. */
export const azureKeyVault = defineBackend({
  name: 'azure-key-vault',
  package: '@bharatmart/secrets-azure',
  summary: 'Azure Key Vault',
  variables: {
    AZURE_KEY_VAULT_URL: variable(text(), 'vault URL (required for `azure-key-vault`)'),
  },
  resolve: (_values, context) => ({
    provider: 'azure-key-vault' as const,
    vaultUrl: context.need('AZURE_KEY_VAULT_URL'),
  }),
  load: () => import('@bharatmart/secrets-azure'),
  create: async (module, config, _deps: SecretsDependencies): Promise<ISecretsProvider> =>
    module.createAzureKeyVaultSecrets({ vaultUrl: config.vaultUrl }),
});
