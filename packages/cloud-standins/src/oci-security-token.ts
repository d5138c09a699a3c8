import { createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** Lifetime of the tokens the identity stand-in issues (OCI's are valid for about 20 minutes to an hour). */
const TOKEN_LIFETIME_S = 3600;

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * A security token as OCI's identity services issue them: a JWT (RS256) whose `jwk` claim holds the
 * session public key, as a JSON text, that the holder signs its requests with; `exp` ends it; `ptype`
 * names the principal (`instance`, `resource`, `workload`). Signed with `issuerPrivateKey`.
 */
export function issueSecurityToken(
  issuerPrivateKey: KeyObject,
  sessionPublicKey: KeyObject,
  claims: { ptype: string; sub: string; tenant: string },
): string {
  const now = Math.floor(Date.now() / 1000);
  const jwk = JSON.stringify({ ...sessionPublicKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' });
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'asw' }));
  const payload = base64url(
    JSON.stringify({
      ...claims,
      iss: 'authService.oracle.com',
      aud: 'oci',
      iat: now,
      exp: now + TOKEN_LIFETIME_S,
      jwk,
    }),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), issuerPrivateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** The session key and principal type a verified security token vouches for. */
export interface VerifiedSecurityToken {
  sessionKey: KeyObject;
  ptype: string;
}

/**
 * Checks a security token: three parts, RS256 signed by `issuerPublicKey`, not expired, with a `jwk`
 * claim holding an RSA public key. Returns that key, or the reason the token is refused.
 */
export function verifySecurityToken(
  token: string,
  issuerPublicKey: string,
): VerifiedSecurityToken | { refused: string } {
  const [header, payload, signature, extra] = token.split('.');
  if (!header || !payload || !signature || extra !== undefined)
    return { refused: 'malformed security token' };
  if (
    !verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      issuerPublicKey,
      Buffer.from(signature, 'base64url'),
    )
  )
    return { refused: 'security token not issued by the identity stand-in' };
  let claims: { exp?: unknown; jwk?: unknown; ptype?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { refused: 'malformed security token claims' };
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now())
    return { refused: 'security token expired' };
  if (typeof claims.jwk !== 'string') return { refused: 'security token without a jwk claim' };
  try {
    const sessionKey = createPublicKey({
      key: JSON.parse(claims.jwk) as Record<string, string>,
      format: 'jwk',
    });
    return { sessionKey, ptype: typeof claims.ptype === 'string' ? claims.ptype : 'unknown' };
  } catch {
    return { refused: 'security token jwk is not a public key' };
  }
}
