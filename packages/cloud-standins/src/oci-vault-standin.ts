import { createHash, randomUUID, verify } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createStandinApp, listen, rawBody, VersionedSecrets } from './standin-server.js';
import type { RunningStandin, SeenRequest, StoredVersion } from './standin-server.js';

/** What the OCI Vault secrets stand-in holds and whom it lets in. */
export interface OciVaultStandinOptions {
  /** The OCID of the one vault the stand-in serves; lookups naming another vault are not found. */
  vaultId: string;
  /**
   * API signing keys: keyId (`<tenancy OCID>/<user OCID>/<fingerprint>`) to the PEM public key.
   * Requests signed with any other key id, or whose signature does not verify, get 401.
   */
  apiKeys: Readonly<Record<string, string>>;
}

/** A running OCI Vault secret retrieval stand-in (API version 20190301). */
export interface OciVaultStandin extends RunningStandin {
  /** Creates secret `name` in the vault or adds a new version that becomes CURRENT (rotation). */
  putSecret(name: string, value: string): void;
  /** Removes `name` with all its versions. */
  deleteSecret(name: string): void;
}

const MAX_SKEW_MS = 5 * 60 * 1000;
const SIGNATURE_PARAM = /(\w+)="([^"]*)"/g;
const BODY_HEADERS = ['content-length', 'content-type', 'x-content-sha256'];

class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const notAuthenticated = (why: string): ServiceError =>
  new ServiceError(
    401,
    'NotAuthenticated',
    `The required information to complete authentication was not provided or was incorrect (${why}).`,
  );

/**
 * Verifies the OCI request signature (draft-cavage-http-signatures with `version="1"`): the
 * header's shape, that every header OCI requires is signed and present, the body hash, the date's
 * skew, and the RSA-SHA256 signature against the registered public key of `keyId`.
 */
function verifyOciSignature(request: FastifyRequest, apiKeys: Readonly<Record<string, string>>): void {
  const header = request.headers.authorization;
  if (header === undefined) throw notAuthenticated('no authorization header');
  if (!header.startsWith('Signature ')) throw notAuthenticated('not a Signature authorization');
  const params: Record<string, string> = {};
  for (const [, key = '', value = ''] of header.slice('Signature '.length).matchAll(SIGNATURE_PARAM))
    params[key] = value;
  const { version, keyId, algorithm, headers, signature } = params;
  if (version !== '1' || !keyId || algorithm !== 'rsa-sha256' || !headers || !signature) {
    throw notAuthenticated('malformed Signature parameters');
  }
  const signed = headers.toLowerCase().split(' ');
  const required = ['(request-target)', 'host', ...(request.method === 'GET' ? [] : BODY_HEADERS)];
  const dateHeader = signed.includes('x-date') ? 'x-date' : 'date';
  for (const name of [...required, dateHeader]) {
    if (!signed.includes(name)) throw notAuthenticated(`header ${name} is not signed`);
  }
  const value = (name: string): string => {
    const raw = request.headers[name];
    if (typeof raw !== 'string' || raw === '') throw notAuthenticated(`signed header ${name} is missing`);
    return raw;
  };
  const signingString = signed
    .map((name) =>
      name === '(request-target)'
        ? `${name}: ${request.method.toLowerCase()} ${request.url}`
        : `${name}: ${value(name)}`,
    )
    .join('\n');
  if (Math.abs(Date.now() - Date.parse(value(dateHeader))) > MAX_SKEW_MS)
    throw notAuthenticated('date skew over 5 minutes');
  if (signed.includes('x-content-sha256')) {
    const digest = createHash('sha256').update(rawBody(request)).digest('base64');
    if (value('x-content-sha256') !== digest)
      throw notAuthenticated('x-content-sha256 does not match the body');
  }
  const publicKey = Object.hasOwn(apiKeys, keyId) ? apiKeys[keyId] : undefined;
  if (publicKey === undefined) throw notAuthenticated('unknown keyId');
  if (!verify('sha256', Buffer.from(signingString), publicKey, Buffer.from(signature, 'base64'))) {
    throw notAuthenticated('signature does not verify');
  }
}

/**
 * Starts an in-process stand-in for the OCI Vault secret retrieval API on 127.0.0.1:
 * `POST /20190301/secretbundles/actions/getByName?secretName=…&vaultId=…[&versionNumber=…|&stage=…]`,
 * every request signature verified, answers as SecretBundle JSON with BASE64 content, errors as
 * `{"code", "message"}`. See the package README for what it covers.
 */
export async function startOciVaultStandin(options: OciVaultStandinOptions): Promise<OciVaultStandin> {
  const { vaultId, apiKeys } = options;
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
      throw new ServiceError(400, 'MissingParameter', 'secretName and vaultId are required');
    const notFound = new ServiceError(
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
      verifyOciSignature(request, apiKeys);
      seen.auth = 'accepted';
      const path = request.url.split('?')[0];
      if (path !== '/20190301/secretbundles/actions/getByName' || request.method !== 'POST') {
        throw new ServiceError(
          404,
          'NotAuthorizedOrNotFound',
          'stand-in: only POST /20190301/secretbundles/actions/getByName',
        );
      }
      return getByName(request.query as Record<string, string | undefined>);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
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
