import type { ISecretsProvider } from '@bharatmart/core';
import { z } from 'zod';
import { defineBackend } from '../descriptor.js';
import { ociAuthVariables, resolveOciAuth } from '../shared-cloud-variables.js';
import { text, variable } from '../variable-kinds.js';
import type { SecretsDependencies } from './secrets-dependencies.js';

/** SECRETS_PROVIDER=oci-vault: OCI Vault. */
export const ociVault = defineBackend({
  name: 'oci-vault',
  package: '@bharatmart/secrets-oci-vault',
  summary: 'OCI Vault',
  variables: {
    OCI_VAULT_OCID: variable(text(), 'OCI Vault OCID (required for `oci-vault`)'),
    OCI_REGION: variable(
      text(),
      "`oci-vault`: the vault's region (`ap-mumbai-1`), required with `OCI_AUTH=workload-identity` (the only method that gives none); otherwise it overrides the config file's or the instance's",
    ),
    OCI_VAULT_ENDPOINT: variable(
      z.url().optional(),
      "`oci-vault`: the secret retrieval endpoint to call instead of the region's (`https://secrets.vaults.<region>.oci.oraclecloud.com`), e.g. a proxy or a local stand-in",
    ),
    ...ociAuthVariables,
  },
  resolve(values, context) {
    if (values.OCI_AUTH === 'workload-identity' && !values.OCI_REGION) {
      context.problem('OCI_REGION', `is required when OCI_AUTH=workload-identity (${context.because})`);
    }
    return {
      provider: 'oci-vault' as const,
      vaultOcid: context.need('OCI_VAULT_OCID'),
      ...(values.OCI_REGION ? { region: values.OCI_REGION } : {}),
      ...(values.OCI_VAULT_ENDPOINT ? { endpoint: values.OCI_VAULT_ENDPOINT } : {}),
      auth: resolveOciAuth(values, context),
    };
  },
  load: () => import('@bharatmart/secrets-oci-vault'),
  create: async (module, config, _deps: SecretsDependencies): Promise<ISecretsProvider> =>
    module.createOciVaultSecrets({
      vaultId: config.vaultOcid,
      auth: config.auth,
      ...(config.region ? { region: config.region } : {}),
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    }),
});
