import { oneOf, text, variable } from './variable-kinds.js';

/** How the OCI SDK authenticates; read by the OCI Queue worker and the OCI Vault secrets provider. */
export const ociSdkVariables = {
  OCI_CONFIG_FILE: variable(text(), 'OCI SDK config file'),
  OCI_PROFILE: variable(text(), 'profile in the OCI config file'),
  OCI_AUTH: variable(
    oneOf(['config-file', 'instance-principal']),
    'how the OCI SDK authenticates: `config-file` (OCI_CONFIG_FILE / OCI_PROFILE) or `instance-principal`',
  ),
};

/** The AWS region; read by the SQS worker and the AWS Secrets Manager provider. */
export const awsRegionVariable = {
  AWS_REGION: variable(text(), 'AWS region (required for `sqs` and `aws-secrets-manager`)'),
};
