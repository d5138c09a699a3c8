import { AdapterError } from '@bharatmart/core';
import type { AuthenticationDetailsProvider } from 'oci-common';

/** The ways an OCI adapter authenticates, as OCI_AUTH names them. */
export const OCI_AUTH_METHODS = [
  'config-file',
  'instance-principal',
  'resource-principal',
  'workload-identity',
] as const;
export type OciAuthMethod = (typeof OCI_AUTH_METHODS)[number];

/** How an OCI adapter authenticates; each method is one of oci-common's authentication providers. */
export type OciAuth =
  | {
      /** An API key named by an OCI config file (ConfigFileAuthenticationDetailsProvider). */
      method: 'config-file';
      /** Default the SDK's: `OCI_CONFIG_FILE` in the environment, else `~/.oci/config`. */
      configFile?: string;
      /** Default `DEFAULT`. */
      profile?: string;
    }
  | {
      /**
       * The compute instance's identity: its certificate from the instance metadata service is
       * exchanged at the auth service for a session token (InstancePrincipalsAuthenticationDetailsProviderBuilder).
       */
      method: 'instance-principal';
      /** Default the SDK's `http://169.254.169.254/opc/v2/`; only tests point it elsewhere. */
      metadataBaseUrl?: string;
      /** Default the region's auth service, found through the metadata service; only tests set it. */
      federationEndpoint?: string;
    }
  | {
      /**
       * The resource's identity (functions, and other services that run code): the SDK reads
       * `OCI_RESOURCE_PRINCIPAL_VERSION` (2.2), `…_RPST`, `…_PRIVATE_PEM` (token and key, each a value
       * or an absolute path re-read when the token expires), `…_PRIVATE_PEM_PASSPHRASE` and `…_REGION`
       * from the process environment itself (ResourcePrincipalAuthenticationDetailsProvider).
       */
      method: 'resource-principal';
    }
  | {
      /**
       * OKE workload identity: the pod's service account token is exchanged at the cluster's proxymux
       * (`https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT_PROXYMUX`, both read by the SDK from
       * the environment) for a session token (OkeWorkloadIdentityAuthenticationDetailsProvider).
       */
      method: 'workload-identity';
      /** Default `/var/run/secrets/kubernetes.io/serviceaccount/token`. */
      serviceAccountTokenPath?: string;
      /** CA certificate proxymux is trusted with. Default `/var/run/secrets/kubernetes.io/serviceaccount/ca.crt`. */
      serviceAccountCertPath?: string;
    };

/**
 * The oci-common authentication provider for `auth`, built the way the SDK documents for that method.
 * A method whose settings are unusable (no config file, a resource principal environment that is
 * incomplete, no service account token, an instance metadata service that does not answer) rejects
 * with AdapterError `MISCONFIGURED` naming `adapter` and the method, with the SDK's reason as cause.
 * The SDK is loaded on first use.
 */
export async function createOciAuthProvider(
  adapter: string,
  auth: OciAuth,
): Promise<AuthenticationDetailsProvider> {
  const common = await import('oci-common');
  try {
    switch (auth.method) {
      case 'config-file':
        return new common.ConfigFileAuthenticationDetailsProvider(auth.configFile, auth.profile);
      case 'instance-principal': {
        const builder = new common.InstancePrincipalsAuthenticationDetailsProviderBuilder();
        if (auth.metadataBaseUrl !== undefined) builder.metadataBaseUrl = auth.metadataBaseUrl;
        if (auth.federationEndpoint !== undefined) builder.federationEndpoint = auth.federationEndpoint;
        return await builder.build();
      }
      case 'resource-principal':
        return common.ResourcePrincipalAuthenticationDetailsProvider.builder();
      case 'workload-identity':
        return common.OkeWorkloadIdentityAuthenticationDetailsProvider.builder(
          auth.serviceAccountCertPath ?? '',
          auth.serviceAccountTokenPath ?? '',
        );
    }
  } catch (error) {
    throw new AdapterError(
      adapter,
      'MISCONFIGURED',
      `cannot set up OCI authentication (${auth.method}): ${reason(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** The SDK's message (its builders throw Errors, and the federation client plain objects with one). */
function reason(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string')
    return error.message;
  return String(error);
}
