import { AdapterError, defineSecrets, measureHealth } from '@bharatmart/core';
import type { ISecretsProvider } from '@bharatmart/core';
import { createOciAuthProvider } from '@bharatmart/oci-auth';
import type { OciAuth } from '@bharatmart/oci-auth';
import type { AuthenticationDetailsProvider } from 'oci-common';
import type { SecretsClient } from 'oci-secrets';

/** Options of the OCI Vault secrets provider. */
export interface OciVaultSecretsOptions {
  /** OCID of the vault holding the secrets; a name is looked up as a secret name in this vault. */
  vaultId: string;
  /** How to authenticate (OCI_AUTH). Default `{ method: 'config-file' }`: `~/.oci/config`, profile DEFAULT. */
  auth?: OciAuth;
  /** A ready authentication provider; takes precedence over `auth`. */
  authProvider?: AuthenticationDetailsProvider;
  /**
   * The region (`ap-mumbai-1`) when the authentication gives none (workload identity) or another one
   * is wanted; the endpoint follows from it.
   */
  region?: string;
  /** Secrets endpoint to call instead of the region's (private endpoint, or a local stand-in in tests). */
  endpoint?: string;
  /**
   * Attempts per request on network errors, 5xx and 429, including the first; waits grow
   * exponentially (1 s, 2 s, 4 s, then 8 s). Default 3. The SDK's own default is 8 attempts.
   */
  maxAttempts?: number;
}

const ADAPTER = 'oci-vault';
/** Name asked for by `health()`; "not found" proves the service answered and accepted our signature. */
const HEALTH_PROBE = 'bharatmart-health-probe';

// Duck-typed: OciError classes differ between the copies of oci-common the SDK packages bring.
const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number'
    ? error.statusCode
    : undefined;

const serviceCodeOf = (error: unknown): string =>
  typeof error === 'object' &&
  error !== null &&
  'serviceCode' in error &&
  typeof error.serviceCode === 'string'
    ? error.serviceCode
    : 'network error';

/**
 * Secrets in an OCI Vault, named `oci-vault`: `get(name)` reads the CURRENT version of the secret
 * called `name` in `vaultId` (GetSecretBundleByName) and decodes its BASE64 content as UTF-8;
 * `getMany` asks for each name in parallel (the service has no batch read). A secret that does not
 * exist (404) is absent. Other failures are an `AdapterError` `UNAVAILABLE` naming the secret and
 * the service's error code, never a value; unusable authentication settings are `MISCONFIGURED`.
 * The SDK is loaded and its client created on first use; `close()` releases it.
 * `health()` asks for a probe secret; "not found" counts as up.
 */
export function createOciVaultSecrets(options: OciVaultSecretsOptions): ISecretsProvider {
  const { vaultId, maxAttempts = 3 } = options;
  let pending: Promise<SecretsClient> | undefined;

  const createClient = async (): Promise<SecretsClient> => {
    const [common, { SecretsClient }] = await Promise.all([import('oci-common'), import('oci-secrets')]);
    const authProvider =
      options.authProvider ??
      (await createOciAuthProvider(ADAPTER, options.auth ?? { method: 'config-file' }));
    const client = new SecretsClient(
      { authenticationDetailsProvider: authProvider },
      {
        retryConfiguration: {
          terminationStrategy: new common.MaxAttemptsTerminationStrategy(maxAttempts),
          delayStrategy: new common.ExponentialBackoffDelayStrategy(8),
        },
      },
    );
    if (options.region !== undefined) client.regionId = options.region;
    if (options.endpoint !== undefined) client.endpoint = options.endpoint;
    if (!client.endpoint) {
      client.close();
      throw new AdapterError(
        ADAPTER,
        'MISCONFIGURED',
        'no region in the OCI authentication settings (set OCI_REGION) and no endpoint given',
      );
    }
    return client;
  };

  const getClient = (): Promise<SecretsClient> => {
    pending ??= createClient().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };

  const read = async (name: string): Promise<string | undefined> => {
    const client = await getClient();
    let content: string | undefined;
    try {
      const response = await client.getSecretBundleByName({ secretName: name, vaultId });
      content = response.secretBundle.secretBundleContent?.content;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw new AdapterError(
        ADAPTER,
        'UNAVAILABLE',
        `reading secret "${name}" failed: ${serviceCodeOf(error)}`,
        {
          cause: error,
        },
      );
    }
    return content === undefined ? undefined : Buffer.from(content, 'base64').toString('utf8');
  };

  return defineSecrets({
    name: ADAPTER,
    get: read,
    health: () => measureHealth(() => read(HEALTH_PROBE)),
    async close() {
      const closing = pending;
      pending = undefined;
      const client = await closing?.catch(() => undefined);
      client?.close();
    },
  });
}
