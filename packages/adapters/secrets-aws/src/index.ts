export { createAwsSecrets, type AwsSecretsOptions } from './aws-secrets-provider.js';
