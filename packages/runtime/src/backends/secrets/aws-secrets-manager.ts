import type { ISecretsProvider } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { awsRegionVariable } from '../shared-cloud-variables.js';
import { text, variable } from '../variable-kinds.js';
import type { SecretsDependencies } from './secrets-dependencies.js';

/** SECRETS_PROVIDER=aws-secrets-manager: AWS Secrets Manager. */
export const awsSecretsManager = defineBackend({
  name: 'aws-secrets-manager',
  package: '@bharatmart/secrets-aws',
  summary: 'AWS Secrets Manager',
  variables: {
    ...awsRegionVariable,
    SECRETS_PREFIX: variable(
      text(),
      'AWS Secrets Manager: secret `NAME` is read from `<prefix>NAME` (e.g. `bharatmart/prod/`)',
    ),
    AWS_SECRETS_JSON_ID: variable(
      text(),
      'AWS Secrets Manager: read every name as a key of this one JSON secret instead',
    ),
  },
  resolve: (values, context) => ({
    provider: 'aws-secrets-manager' as const,
    region: context.need('AWS_REGION'),
    ...(values.SECRETS_PREFIX ? { prefix: values.SECRETS_PREFIX } : {}),
    ...(values.AWS_SECRETS_JSON_ID ? { jsonSecretId: values.AWS_SECRETS_JSON_ID } : {}),
  }),
  load: () => import('@bharatmart/secrets-aws'),
  create: async (module, config, _deps: SecretsDependencies): Promise<ISecretsProvider> =>
    module.createAwsSecrets({
      region: config.region,
      ...(config.prefix ? { prefix: config.prefix } : {}),
      ...(config.jsonSecretId ? { jsonSecretId: config.jsonSecretId } : {}),
    }),
});
