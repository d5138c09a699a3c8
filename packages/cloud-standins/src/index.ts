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
export { startSqsStandin, type SqsStandin, type SqsStandinOptions } from './sqs-standin.js';
export {
  startOciQueueStandin,
  type OciQueueStandin,
  type OciQueueStandinOptions,
} from './oci-queue-standin.js';
export type { OciQueueSettings } from './oci-queue-standin-queue.js';
export {
  startOciIdentityStandin,
  type OciIdentityStandin,
  type OciIdentityStandinOptions,
} from './oci-identity-standin.js';
export type { OciTrust } from './oci-request-signature.js';
export { ociPrincipalSettings, withEnv, type OciPrincipalSettings } from './oci-principal-settings.js';
