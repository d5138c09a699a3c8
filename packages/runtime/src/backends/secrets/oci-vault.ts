import type { ISecretsProvider } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { ociSdkVariables } from '../shared-cloud-variables.js';
import { text, variable } from '../variable-kinds.js';
import type { SecretsDependencies } from './secrets-dependencies.js';

/** SECRETS_PROVIDER=oci-vault: OCI Vault. */
export const ociVault = defineBackend({
  name: 'oci-vault',
  package: '@bharatmart/secrets-oci-vault',
  summary: 'OCI Vault',
  variables: {
    OCI_VAULT_OCID: variable(text(), 'OCI Vault OCID (required for `oci-vault`)'),
    ...ociSdkVariables,
  },
  resolve: (values, context) => ({
    provider: 'oci-vault' as const,
    vaultOcid: context.need('OCI_VAULT_OCID'),
    ...(values.OCI_CONFIG_FILE ? { configFile: values.OCI_CONFIG_FILE } : {}),
    ...(values.OCI_PROFILE ? { profile: values.OCI_PROFILE } : {}),
    instancePrincipal: values.OCI_AUTH === 'instance-principal',
  }),
  load: () => import('@bharatmart/secrets-oci-vault'),
  create: async (module, config, _deps: SecretsDependencies): Promise<ISecretsProvider> =>
    module.createOciVaultSecrets({
      vaultId: config.vaultOcid,
      instancePrincipal: config.instancePrincipal,
      ...(config.configFile ? { configFile: config.configFile } : {}),
      ...(config.profile ? { profile: config.profile } : {}),
    }),
});
