import { createHash, verify } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
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

/**
 * Verifies an OCI request signature (draft-cavage-http-signatures with `version="1"`): the header's
 * shape, that `(request-target)`, `host` and `date` or `x-date` are signed and present (with
 * `content-length`, `content-type` and `x-content-sha256` for POST, PUT and PATCH), the body hash,
 * the date within 5 minutes, and the RSA-SHA256 signature against the public key of `keyId`.
 * Throws an OciServiceError 401 `NotAuthenticated`.
 */
export function verifyOciRequestSignature(
  request: FastifyRequest,
  apiKeys: Readonly<Record<string, string>>,
): void {
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
  const publicKey = Object.hasOwn(apiKeys, keyId) ? apiKeys[keyId] : undefined;
  if (publicKey === undefined) throw notAuthenticated('unknown keyId');
  if (!verify('sha256', Buffer.from(signingString), publicKey, Buffer.from(signature, 'base64'))) {
    throw notAuthenticated('signature does not verify');
  }
}
