export type { RunningStandin, SeenRequest } from './standin-server.js';
export {
  startAwsSecretsManagerStandin,
  type AwsSecretsManagerStandin,
  type AwsSecretsManagerStandinOptions,
} from './aws-secrets-manager-standin.js';
export {
  startAzureKeyVaultStandin,
  type AzureKeyVaultStandin,
  type AzureKeyVaultStandinOptions,
} from './azure-key-vault-standin.js';
export {
  startOciVaultStandin,
  type OciVaultStandin,
  type OciVaultStandinOptions,
} from './oci-vault-standin.js';
