import { randomUUID } from 'node:crypto';
import { OciServiceError, verifyOciRequestSignature } from './oci-request-signature.js';
import type { OciTrust } from './oci-request-signature.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createStandinApp, listen, VersionedSecrets } from './standin-server.js';
import type { RunningStandin, SeenRequest, StoredVersion } from './standin-server.js';

/** What the OCI Vault secrets stand-in holds and whom it lets in. */
export interface OciVaultStandinOptions extends OciTrust {
  /** The OCID of the one vault the stand-in serves; lookups naming another vault are not found. */
  vaultId: string;
}

/** A running OCI Vault secret retrieval stand-in (API version 20190301). */
export interface OciVaultStandin extends RunningStandin {
  /** Creates secret `name` in the vault or adds a new version that becomes CURRENT (rotation). */
  putSecret(name: string, value: string): void;
  /** Removes `name` with all its versions. */
  deleteSecret(name: string): void;
}

/**
 * Starts an in-process stand-in for the OCI Vault secret retrieval API on 127.0.0.1:
 * `POST /20190301/secretbundles/actions/getByName?secretName=…&vaultId=…[&versionNumber=…|&stage=…]`,
 * every request signature verified, answers as SecretBundle JSON with BASE64 content, errors as
 * `{"code", "message"}`. See the package README for what it covers.
 */
export async function startOciVaultStandin(options: OciVaultStandinOptions): Promise<OciVaultStandin> {
  const { vaultId } = options;
  const secrets = new VersionedSecrets();
  const secretIds = new Map<string, string>();
  const requests: SeenRequest[] = [];

  const bundle = (name: string, version: StoredVersion, latest: number): Record<string, unknown> => ({
    secretId: secretIds.get(name),
    timeCreated: version.createdAt.toISOString(),
    versionNumber: version.number,
    secretBundleContent: { contentType: 'BASE64', content: Buffer.from(version.value).toString('base64') },
    stages:
      version.number === latest
        ? ['CURRENT', 'LATEST']
        : version.number === latest - 1
          ? ['PREVIOUS']
          : ['DEPRECATED'],
  });

  const getByName = (query: Record<string, string | undefined>): Record<string, unknown> => {
    const { secretName, stage, versionNumber } = query;
    if (!secretName || !query.vaultId)
      throw new OciServiceError(400, 'MissingParameter', 'secretName and vaultId are required');
    const notFound = new OciServiceError(
      404,
      'NotAuthorizedOrNotFound',
      'Authorization failed or requested resource not found.',
    );
    const versions = query.vaultId === vaultId ? secrets.versions(secretName) : [];
    if (versions.length === 0) throw notFound;
    const version =
      versionNumber !== undefined
        ? versions.find((v) => String(v.number) === versionNumber)
        : stage === undefined || stage === 'CURRENT' || stage === 'LATEST'
          ? versions.at(-1)
          : stage === 'PREVIOUS'
            ? versions.at(-2)
            : undefined;
    if (!version) throw notFound;
    return bundle(secretName, version, versions.length);
  };

  const app = createStandinApp();
  app.all('/*', async (request: FastifyRequest, reply: FastifyReply) => {
    const seen: SeenRequest = { method: request.method, url: request.url, auth: 'missing' };
    requests.push(seen);
    reply.header('opc-request-id', randomUUID().replaceAll('-', '').toUpperCase());
    try {
      if (request.headers.authorization !== undefined) seen.auth = 'rejected';
      seen.principal = verifyOciRequestSignature(request, options);
      seen.auth = 'accepted';
      const path = request.url.split('?')[0];
      if (path !== '/20190301/secretbundles/actions/getByName' || request.method !== 'POST') {
        throw new OciServiceError(
          404,
          'NotAuthorizedOrNotFound',
          'stand-in: only POST /20190301/secretbundles/actions/getByName',
        );
      }
      return getByName(request.query as Record<string, string | undefined>);
    } catch (error) {
      if (!(error instanceof OciServiceError)) throw error;
      reply.code(error.status);
      return { code: error.code, message: error.message };
    }
  });

  const running = await listen(app, 'http', requests);
  return {
    ...running,
    putSecret(name, value) {
      if (!secretIds.has(name))
        secretIds.set(name, `ocid1.vaultsecret.oc1..standin${randomUUID().replaceAll('-', '')}`);
      secrets.put(name, value);
    },
    deleteSecret(name) {
      secrets.delete(name);
      secretIds.delete(name);
    },
  };
}
