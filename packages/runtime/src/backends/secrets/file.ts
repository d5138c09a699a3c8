import type { ISecretsProvider } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { textOr, variable } from '../variable-kinds.js';
import type { SecretsDependencies } from './secrets-dependencies.js';

/** SECRETS_PROVIDER=file: one file per secret, as Kubernetes and Docker mount them. */
export const file = defineBackend({
  name: 'file',
  package: '@bharatmart/secrets-file',
  summary: 'one file per secret',
  variables: {
    SECRETS_DIR: variable(textOr('/run/secrets'), 'directory of one-file-per-secret (for `file`)'),
  },
  resolve: (values) => ({ provider: 'file' as const, dir: values.SECRETS_DIR }),
  load: () => import('@bharatmart/secrets-file'),
  create: async (module, config, _deps: SecretsDependencies): Promise<ISecretsProvider> =>
    module.createFileSecrets({ dir: config.dir }),
});
