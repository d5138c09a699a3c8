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
export {
  startSmtpTestServer,
  type ReceivedMail,
  type SmtpTestServer,
  type SmtpTestServerOptions,
} from './smtp-test-server.js';
export { selfSignedCertificate, type TlsMaterial } from './self-signed-certificate.js';
export {
  startRazorpayStandin,
  type CheckoutSuccess,
  type RazorpayOrderEntity,
  type RazorpayPaymentEntity,
  type RazorpayRefundEntity,
  type RazorpayStandin,
  type RazorpayStandinOptions,
  type RazorpayWebhookDelivery,
} from './razorpay-standin.js';
