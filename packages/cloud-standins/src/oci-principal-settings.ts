import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OciIdentityStandin } from './oci-identity-standin.js';

/** An OCI principal set up against the identity stand-in: the adapter's `auth` option and the environment the SDK reads. */
export interface OciPrincipalSettings {
  /** Structurally `@bharatmart/oci-auth`'s OciAuth. */
  auth: { method: string } & Record<string, string>;
  /** Variables the SDK itself reads for this method; set them for the test and restore them after. */
  env: Record<string, string>;
}

/**
 * The three principals, each pointed at `identity` on loopback only: `instance-principal` (metadata
 * base URL and federation endpoint), `resource-principal` (an RPST and its session key written to
 * files, named by the documented `OCI_RESOURCE_PRINCIPAL_*` variables, version 2.2), and
 * `workload-identity` (a service account token and proxymux's CA in files, proxymux's address in
 * `KUBERNETES_SERVICE_HOST` / `KUBERNETES_SERVICE_PORT_PROXYMUX`). `serviceAccountToken` must be the
 * one the stand-in was started with.
 */
export async function ociPrincipalSettings(
  identity: OciIdentityStandin,
  serviceAccountToken: string,
): Promise<Record<'instance-principal' | 'resource-principal' | 'workload-identity', OciPrincipalSettings>> {
  const dir = await mkdtemp(join(tmpdir(), 'oci-principals-'));
  const session = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const files = {
    rpst: join(dir, 'rpst'),
    pem: join(dir, 'private.pem'),
    token: join(dir, 'token'),
    ca: join(dir, 'ca.crt'),
  };
  await Promise.all([
    writeFile(files.rpst, identity.issueResourcePrincipalToken(session.publicKey)),
    writeFile(files.pem, session.privateKey),
    writeFile(files.token, serviceAccountToken),
    writeFile(files.ca, identity.proxymux.ca),
  ]);
  return {
    'instance-principal': {
      auth: {
        method: 'instance-principal',
        metadataBaseUrl: identity.metadataBaseUrl,
        federationEndpoint: identity.federationEndpoint,
      },
      env: {},
    },
    'resource-principal': {
      auth: { method: 'resource-principal' },
      env: {
        OCI_RESOURCE_PRINCIPAL_VERSION: '2.2',
        OCI_RESOURCE_PRINCIPAL_RPST: files.rpst,
        OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: files.pem,
        OCI_RESOURCE_PRINCIPAL_REGION: 'ap-mumbai-1',
      },
    },
    'workload-identity': {
      auth: {
        method: 'workload-identity',
        serviceAccountTokenPath: files.token,
        serviceAccountCertPath: files.ca,
      },
      env: {
        KUBERNETES_SERVICE_HOST: identity.proxymux.host,
        KUBERNETES_SERVICE_PORT_PROXYMUX: String(identity.proxymux.port),
      },
    },
  };
}

/** Runs `run` with `env` set in process.env, restoring every variable afterwards. */
export async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
