import { AdapterError, defineSecrets, measureHealth } from '@bharatmart/core';
import type { ISecretsProvider } from '@bharatmart/core';
import type { TokenCredential } from '@azure/identity';
import type { SecretClient, SecretClientOptions } from '@azure/keyvault-secrets';

/** Options of the Azure Key Vault secrets provider. */
export interface AzureKeyVaultSecretsOptions {
  /** The vault's URL, e.g. `https://bharatmart-prod.vault.azure.net`. */
  vaultUrl: string;
  /**
   * How to obtain tokens. Default `DefaultAzureCredential` from `@azure/identity` (environment,
   * workload identity, managed identity, Azure CLI, …), created on first use.
   */
  credential?: TokenCredential;
  /**
   * Options of the SDK's SecretClient, e.g. `retryOptions`, or for a vault reached under another
   * host name (private endpoint, local stand-in) `disableChallengeResourceVerification` and `tlsOptions`.
   */
  clientOptions?: SecretClientOptions;
}

const ADAPTER = 'azure-key-vault';
/** Key Vault secret names: 1 to 127 alphanumerics and dashes. */
const VAULT_NAME = /^[0-9a-zA-Z-]{1,127}$/;
/** Name asked for by `health()`; "not found" proves the vault answered and accepted our token. */
const HEALTH_PROBE = 'bharatmart-health-probe';

/**
 * The Key Vault name of secret `name`: underscores become dashes (`JWT_SECRET` → `JWT-SECRET`),
 * since Key Vault allows only alphanumerics and dashes. Undefined when no vault name can match.
 */
export function toKeyVaultSecretName(name: string): string | undefined {
  const mapped = name.replaceAll('_', '-');
  return VAULT_NAME.test(mapped) ? mapped : undefined;
}

// Duck-typed rather than instanceof, so a RestError from another copy of core-rest-pipeline is still recognised.
const field = (error: unknown, key: 'statusCode' | 'code'): unknown =>
  typeof error === 'object' && error !== null && key in error
    ? (error as Record<string, unknown>)[key]
    : undefined;

/**
 * Secrets in Azure Key Vault, named `azure-key-vault`: `get(name)` reads the current version of
 * the secret `toKeyVaultSecretName(name)` (so `JWT_SECRET` and `JWT-SECRET` are the same secret);
 * `getMany` asks for each name in parallel (Key Vault has no batch read). A name that cannot be a
 * Key Vault name, or a secret that does not exist (404), is absent. Other failures, including a
 * rejected token, are an `AdapterError` `UNAVAILABLE` naming the secret, the HTTP status and the
 * service's error code, never a value. The SDK is loaded, and the default credential and the
 * client created, on first use. `health()` asks for a probe secret; "not found" counts as up.
 */
export function createAzureKeyVaultSecrets(options: AzureKeyVaultSecretsOptions): ISecretsProvider {
  const { vaultUrl, clientOptions } = options;
  let pending: Promise<SecretClient> | undefined;

  const createClient = async (): Promise<SecretClient> => {
    const { SecretClient } = await import('@azure/keyvault-secrets');
    const credential = options.credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
    return new SecretClient(vaultUrl, credential, clientOptions);
  };

  const getClient = (): Promise<SecretClient> => {
    pending ??= createClient().catch((error: unknown) => {
      pending = undefined;
      throw new AdapterError(ADAPTER, 'MISCONFIGURED', 'cannot create the Key Vault client', {
        cause: error,
      });
    });
    return pending;
  };

  const read = async (name: string): Promise<string | undefined> => {
    const vaultName = toKeyVaultSecretName(name);
    if (vaultName === undefined) return undefined;
    const client = await getClient();
    try {
      return (await client.getSecret(vaultName)).value;
    } catch (error) {
      const status = field(error, 'statusCode');
      if (status === 404) return undefined;
      const code = field(error, 'code');
      throw new AdapterError(
        ADAPTER,
        'UNAVAILABLE',
        `reading secret "${vaultName}" failed: ${typeof status === 'number' ? status : 'no response'} ${typeof code === 'string' ? code : ''}`.trimEnd(),
        { cause: error },
      );
    }
  };

  return defineSecrets({
    name: ADAPTER,
    get: read,
    health: () => measureHealth(() => read(HEALTH_PROBE)),
    async close() {
      // SecretClient holds no connection of its own to release; forget it so a later call starts afresh.
      pending = undefined;
    },
  });
}
