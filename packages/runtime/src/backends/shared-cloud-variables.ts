import type { ResolveContext, VariableValues } from './descriptor.js';
import { oneOf, text, variable } from './variable-kinds.js';

const RESOURCE_PRINCIPAL =
  'read by the OCI SDK itself for `resource-principal` (OCI sets it for functions and other resources)';

/**
 * How the OCI SDK authenticates: OCI_AUTH and what each method needs. One spec, read by the OCI
 * Queue worker and the OCI Vault secrets provider alike.
 */
export const ociAuthVariables = {
  OCI_AUTH: variable(
    oneOf(['config-file', 'instance-principal', 'resource-principal', 'workload-identity']),
    "how the OCI SDK authenticates: `config-file` (an API key named by OCI_CONFIG_FILE / OCI_PROFILE), `instance-principal` (the OCI compute instance, no key on disk), `resource-principal` (OCI_RESOURCE_PRINCIPAL_*), `workload-identity` (the OKE pod's service account) ([deployment.md](deployment.md#oci-identity-without-keys-on-disk))",
  ),
  OCI_CONFIG_FILE: variable(text(), '`config-file`: OCI SDK config file (default `~/.oci/config`)'),
  OCI_PROFILE: variable(text(), '`config-file`: profile in the OCI config file (default `DEFAULT`)'),
  OCI_RESOURCE_PRINCIPAL_VERSION: variable(
    text(),
    `\`2.2\`, the only version the OCI TypeScript SDK reads; ${RESOURCE_PRINCIPAL}`,
  ),
  OCI_RESOURCE_PRINCIPAL_RPST: variable(
    text(),
    `resource principal session token, or the absolute path of a file holding it (re-read when it expires); ${RESOURCE_PRINCIPAL}`,
  ),
  OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: variable(
    text(),
    `the token's private key (PEM), or the absolute path of a file holding it; ${RESOURCE_PRINCIPAL}`,
  ),
  OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM_PASSPHRASE: variable(
    text(),
    `passphrase of that key, or the absolute path of a file holding it (optional); ${RESOURCE_PRINCIPAL}`,
  ),
  OCI_RESOURCE_PRINCIPAL_REGION: variable(
    text(),
    `region of the resource (\`ap-mumbai-1\` or \`bom\`); ${RESOURCE_PRINCIPAL}`,
  ),
  KUBERNETES_SERVICE_HOST: variable(
    text(),
    "`workload-identity`: the cluster's API server host, where OKE's proxymux listens; Kubernetes sets it in every pod; read by the OCI SDK itself",
  ),
  KUBERNETES_SERVICE_PORT_PROXYMUX: variable(
    text(),
    "`workload-identity`: proxymux's port (`12250` on OKE); set it in the pod spec; read by the OCI SDK itself",
  ),
};

/** How an OCI adapter authenticates, as its factory takes it (`@bharatmart/oci-auth`'s OciAuth). */
export type OciAuthConfig =
  | { method: 'config-file'; configFile?: string; profile?: string }
  | { method: 'instance-principal' }
  | { method: 'resource-principal' }
  | { method: 'workload-identity' };

/**
 * OCI_AUTH and its settings as the adapters' `auth` option; reports what the method needs and is
 * missing. The SDK reads the resource principal and Kubernetes variables from the environment
 * itself, so they are checked here and never copied into the configuration (a private key would
 * then be printed).
 */
export function resolveOciAuth(
  values: VariableValues<typeof ociAuthVariables>,
  context: ResolveContext,
): OciAuthConfig {
  const method = values.OCI_AUTH;
  const because = `OCI_AUTH=${method}`;
  const need = (name: keyof typeof ociAuthVariables) => {
    if (!values[name]) context.problem(name, `is required when ${because} (${context.because})`);
  };
  switch (method) {
    case 'config-file':
      return {
        method,
        ...(values.OCI_CONFIG_FILE ? { configFile: values.OCI_CONFIG_FILE } : {}),
        ...(values.OCI_PROFILE ? { profile: values.OCI_PROFILE } : {}),
      };
    case 'resource-principal':
      need('OCI_RESOURCE_PRINCIPAL_VERSION');
      need('OCI_RESOURCE_PRINCIPAL_RPST');
      need('OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM');
      need('OCI_RESOURCE_PRINCIPAL_REGION');
      if (values.OCI_RESOURCE_PRINCIPAL_VERSION && values.OCI_RESOURCE_PRINCIPAL_VERSION !== '2.2')
        context.problem(
          'OCI_RESOURCE_PRINCIPAL_VERSION',
          'must be 2.2, the only version the OCI TypeScript SDK reads',
        );
      return { method };
    case 'workload-identity':
      need('KUBERNETES_SERVICE_HOST');
      need('KUBERNETES_SERVICE_PORT_PROXYMUX');
      return { method };
    default:
      return { method };
  }
}

/** The AWS region; read by the SQS worker and the AWS Secrets Manager provider. */
export const awsRegionVariable = {
  AWS_REGION: variable(text(), 'AWS region (required for `sqs` and `aws-secrets-manager`)'),
};
