export {
  createAzureKeyVaultSecrets,
  toKeyVaultSecretName,
  type AzureKeyVaultSecretsOptions,
} from './azure-key-vault-secrets-provider.js';
