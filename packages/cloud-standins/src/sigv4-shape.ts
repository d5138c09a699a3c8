import type { FastifyRequest } from 'fastify';

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

/** Why a SigV4 Authorization header was refused, named as AWS names it. */
export class SigV4Rejection extends Error {
  constructor(
    readonly type:
      | 'MissingAuthenticationTokenException'
      | 'IncompleteSignatureException'
      | 'UnrecognizedClientException'
      | 'InvalidSignatureException',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks a request's SigV4 Authorization header for shape, credential scope (`region`/`service`),
 * access key id, signed `host` and `x-amz-date`, and a date within 15 minutes. The signature itself
 * is not recomputed: a stand-in does not know the secret key. Throws a SigV4Rejection.
 */
export function checkSigV4Shape(
  request: FastifyRequest,
  scope: { region: string; service: string; accessKeyId: string },
): void {
  const header = request.headers.authorization;
  if (header === undefined)
    throw new SigV4Rejection('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const match = SIGV4.exec(header);
  const amzDate = request.headers['x-amz-date'];
  if (!match || typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    throw new SigV4Rejection(
      'IncompleteSignatureException',
      'Authorization header or X-Amz-Date is malformed',
    );
  }
  const [, keyId, day, region, service, signedHeaders = ''] = match;
  const signed = signedHeaders.split(';');
  if (!signed.includes('host') || !signed.includes('x-amz-date') || !amzDate.startsWith(day ?? '')) {
    throw new SigV4Rejection(
      'IncompleteSignatureException',
      'SignedHeaders must include host and x-amz-date',
    );
  }
  if (keyId !== scope.accessKeyId) {
    throw new SigV4Rejection(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  if (region !== scope.region || service !== scope.service) {
    throw new SigV4Rejection(
      'InvalidSignatureException',
      `Credential should be scoped to ${scope.region}/${scope.service}`,
    );
  }
  const iso = `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`;
  if (Math.abs(Date.now() - Date.parse(iso)) > MAX_SKEW_MS) {
    throw new SigV4Rejection('InvalidSignatureException', 'Signature expired');
  }
}
