import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { PostgrestError } from './postgrest-error.js';

/** The database roles a request may run as, as on Supabase; `anon` is the anonymous role. */
export const STANDIN_ROLES = ['anon', 'authenticated', 'service_role'] as const;
export type StandinRole = (typeof STANDIN_ROLES)[number];

/** Who a request runs as: the role to `SET LOCAL ROLE` to and the verified JWT claims. */
export interface RequestAuth {
  role: StandinRole;
  claims: JWTPayload;
}

const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;

/**
 * A JWT for `role` with `claims` (e.g. `sub` for an `authenticated` user), signed HS256 with `secret`,
 * valid for ten years, as Supabase's API keys are.
 */
export async function mintKey(secret: string, role: StandinRole, claims: JWTPayload = {}): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims, role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('supabase-standin')
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TEN_YEARS_SECONDS)
    .sign(new TextEncoder().encode(secret));
}

function unauthorized(code: string, message: string, details: string | null = null): PostgrestError {
  return new PostgrestError(401, code, message, details);
}

/**
 * Verifies the request's JWT as Supabase does: the `Authorization: Bearer` token, or else the
 * `apikey` header; HS256 with `secret` only (`alg: none` and other algorithms are refused); `exp` and
 * `nbf` checked with PostgREST's 30 s of clock skew. A token without `role` runs as `anon`; a role the
 * stand-in does not serve is refused as PostgreSQL refuses `SET ROLE` to a non-member.
 */
export async function authenticate(
  headers: Record<string, string | string[] | undefined>,
  secret: string,
): Promise<RequestAuth> {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const bearer = /^bearer\s+(.+)$/i.exec(header('authorization') ?? '')?.[1];
  const token = bearer ?? header('apikey');
  if (token === undefined || token === '') {
    throw unauthorized('PGRST301', 'No API key found in request', 'Send the apikey header or a bearer token');
  }
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      clockTolerance: 30,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw unauthorized('PGRST303', 'JWT expired');
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      throw unauthorized('PGRST301', 'JWSError JWSInvalidSignature');
    }
    throw unauthorized(
      'PGRST301',
      'JWT could not be verified',
      error instanceof Error ? error.message : null,
    );
  }
  const role = claims.role ?? 'anon';
  if (!STANDIN_ROLES.includes(role as StandinRole)) {
    throw new PostgrestError(403, '42501', `permission denied to set role "${String(role)}"`);
  }
  return { role: role as StandinRole, claims };
}
