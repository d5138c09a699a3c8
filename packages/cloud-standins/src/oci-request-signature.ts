import { createHash, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { verifySecurityToken } from './oci-security-token.js';
import { rawBody } from './standin-server.js';

const MAX_SKEW_MS = 5 * 60 * 1000;
const SIGNATURE_PARAM = /(\w+)="([^"]*)"/g;
const BODY_HEADERS = ['content-length', 'content-type', 'x-content-sha256'];
/** Methods whose body OCI signs too (the SDKs' `methodsThatRequireExtraHeaders`). */
const BODY_METHODS = ['POST', 'PUT', 'PATCH'];

/** An OCI service error: HTTP status and `{"code", "message"}`. */
export class OciServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const notAuthenticated = (why: string): OciServiceError =>
  new OciServiceError(
    401,
    'NotAuthenticated',
    `The required information to complete authentication was not provided or was incorrect (${why}).`,
  );

/** Whom an OCI service stand-in lets in. */
export interface OciTrust {
  /**
   * API signing keys: keyId (`<tenancy OCID>/<user OCID>/<fingerprint>`) to the PEM public key.
   * Requests signed with any other key id, or whose signature does not verify, get 401.
   */
  apiKeys: Readonly<Record<string, string>>;
  /**
   * The PEM public key of the identity stand-in (`OciIdentityStandin.tokenIssuerKey`). With it,
   * requests whose keyId is `ST$<security token>` (instance, resource and workload principals) are
   * accepted when the token is the issuer's and unexpired and the request is signed with the session
   * key of its `jwk` claim.
   */
  tokenIssuerKey?: string;
}

/** The key a keyId names: an API key, or the session key of a security token (`ST$<token>`). */
function keyOf(keyId: string, trust: OciTrust): { key: string | KeyObject; principal: string } {
  if (keyId.startsWith('ST$')) {
    if (trust.tokenIssuerKey === undefined) throw notAuthenticated('security tokens are not accepted');
    const token = verifySecurityToken(keyId.slice(3), trust.tokenIssuerKey);
    if ('refused' in token) throw notAuthenticated(token.refused);
    return { key: token.sessionKey, principal: token.ptype };
  }
  const publicKey = Object.hasOwn(trust.apiKeys, keyId) ? trust.apiKeys[keyId] : undefined;
  if (publicKey === undefined) throw notAuthenticated('unknown keyId');
  return { key: publicKey, principal: 'user' };
}

/**
 * Verifies an OCI request signature (draft-cavage-http-signatures with `version="1"`): the header's
 * shape, that `(request-target)`, `host` and `date` or `x-date` are signed and present (with
 * `content-length`, `content-type` and `x-content-sha256` for POST, PUT and PATCH), the body hash,
 * the date within 5 minutes, and the RSA-SHA256 signature against the public key of `keyId` (an API
 * key, or a security token's session key; see OciTrust). Returns the principal: `user` for an API
 * key, else the token's `ptype`. Throws an OciServiceError 401 `NotAuthenticated`.
 */
export function verifyOciRequestSignature(request: FastifyRequest, trust: OciTrust): string {
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
  const required = [
    '(request-target)',
    'host',
    ...(BODY_METHODS.includes(request.method) ? BODY_HEADERS : []),
  ];
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
  const { key, principal } = keyOf(keyId, trust);
  if (!verify('sha256', Buffer.from(signingString), key, Buffer.from(signature, 'base64'))) {
    throw notAuthenticated('signature does not verify');
  }
  return principal;
}
