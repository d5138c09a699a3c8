import { awsSecretsManager } from './aws-secrets-manager.js';
import { azureKeyVault } from './azure-key-vault.js';
import { env } from './env.js';
import { file } from './file.js';
import { ociVault } from './oci-vault.js';

/** Every SECRETS_PROVIDER, one line each, default first. */
export const SECRETS_BACKENDS = {
  env,
  file,
  'oci-vault': ociVault,
  'aws-secrets-manager': awsSecretsManager,
  'azure-key-vault': azureKeyVault,
};
