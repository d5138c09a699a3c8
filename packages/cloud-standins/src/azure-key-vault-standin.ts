import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { selfSignedCertificate } from './self-signed-certificate.js';
import { createStandinApp, listen, VersionedSecrets } from './standin-server.js';
import type { RunningStandin, SeenRequest, StoredVersion } from './standin-server.js';

/** Whom the Azure Key Vault stand-in lets in. */
export interface AzureKeyVaultStandinOptions {
  /** The one bearer token accepted (what the test's TokenCredential returns). */
  token: string;
  /** Tenant named in the challenge's `authorization` URL. Default a fixed GUID. */
  tenantId?: string;
}

/** A running Azure Key Vault (secrets) stand-in over HTTPS. */
export interface AzureKeyVaultStandin extends RunningStandin {
  /** The vault URL, `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** The PEM certificate the stand-in serves (self-signed); clients pass it as their trusted CA. */
  readonly ca: string;
  /** Creates secret `name` or adds a new current version (rotation). Names: alphanumerics and dashes. */
  setSecret(name: string, value: string): void;
  /** Removes `name` with all its versions. */
  deleteSecret(name: string): void;
}

const API_VERSIONS = new Set(['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '2025-07-01']);
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts an in-process stand-in for Azure Key Vault's Get Secret operation on 127.0.0.1 over HTTPS:
 * `GET /secrets/{name}[/{version}]?api-version=…`, the bearer challenge (401 with
 * `WWW-Authenticate: Bearer authorization="…", resource="https://vault.azure.net"` until the
 * expected token is sent), SecretBundle answers and `{"error": {"code", "message"}}` errors.
 * See the package README for what it covers.
 */
export async function startAzureKeyVaultStandin(
  options: AzureKeyVaultStandinOptions,
): Promise<AzureKeyVaultStandin> {
  const { token } = options;
  const tenantId = options.tenantId ?? '72f988bf-0000-0000-0000-2d7cd011db47';
  const challenge = `Bearer authorization="https://login.microsoftonline.com/${tenantId}", resource="https://vault.azure.net"`;
  const secrets = new VersionedSecrets();
  const requests: SeenRequest[] = [];
  const tls = await selfSignedCertificate();
  let vaultUrl = '';

  const bundle = (name: string, version: StoredVersion): Record<string, unknown> => {
    const seconds = Math.floor(version.createdAt.getTime() / 1000);
    return {
      value: version.value,
      id: `${vaultUrl}/secrets/${name}/${version.id}`,
      attributes: {
        enabled: true,
        created: seconds,
        updated: seconds,
        recoveryLevel: 'Recoverable+Purgeable',
        recoverableDays: 90,
      },
      tags: {},
    };
  };

  const authenticate = (request: FastifyRequest, seen: SeenRequest): void => {
    const header = request.headers.authorization;
    if (header === undefined)
      throw new ServiceError(401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.');
    if (header !== `Bearer ${token}`) {
      seen.auth = 'rejected';
      throw new ServiceError(401, 'Unauthorized', 'AKV10022: Invalid audience or token.');
    }
    seen.auth = 'accepted';
  };

  const app = createStandinApp(tls);
  app.get('/secrets/:name/:version?', async (request: FastifyRequest, reply: FastifyReply) => {
    const seen: SeenRequest = { method: request.method, url: request.url, auth: 'missing' };
    requests.push(seen);
    reply.header('x-ms-request-id', randomUUID()).header('x-ms-keyvault-service-version', 'stand-in');
    try {
      authenticate(request, seen);
      const { 'api-version': apiVersion } = request.query as Record<string, string | undefined>;
      if (apiVersion === undefined || !API_VERSIONS.has(apiVersion)) {
        throw new ServiceError(
          400,
          'BadParameter',
          'The specified version of the REST API is not supported.',
        );
      }
      const { name, version: versionId } = request.params as { name: string; version?: string };
      if (!SECRET_NAME.test(name)) throw new ServiceError(400, 'BadParameter', 'The secret name is invalid.');
      const versions = secrets.versions(name);
      const version = versionId ? versions.find((v) => v.id === versionId) : versions.at(-1);
      if (!version) {
        throw new ServiceError(
          404,
          'SecretNotFound',
          `A secret with (name/id) ${name}${versionId ? `/${versionId}` : ''} was not found in this key vault.`,
        );
      }
      return bundle(name, version);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (error.status === 401) reply.header('www-authenticate', challenge);
      reply.code(error.status);
      return { error: { code: error.code, message: error.message } };
    }
  });

  const running = await listen(app, 'https', requests);
  vaultUrl = running.url;
  return {
    ...running,
    ca: tls.cert,
    setSecret(name, value) {
      if (!SECRET_NAME.test(name))
        throw new Error(`stand-in: Key Vault secret names allow only alphanumerics and dashes: ${name}`);
      secrets.put(name, value);
    },
    deleteSecret(name) {
      secrets.delete(name);
    },
  };
}
