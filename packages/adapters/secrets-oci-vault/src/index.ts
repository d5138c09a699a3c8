export { createOciVaultSecrets, type OciVaultSecretsOptions } from './oci-vault-secrets-provider.js';
