import { webcrypto } from 'node:crypto';
import { DomainError } from '@bharatmart/core';
import type { User } from '@bharatmart/core';
import type { JwtKeySource } from '@bharatmart/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignJWT, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';

/** The caller as the token describes them. */
export type Principal = Pick<User, 'id' | 'email' | 'name' | 'role'>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by `authenticate`. */
    user?: Principal;
  }
}

export interface TokenSettings {
  key: JwtKeySource;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** How many verified tokens are remembered (about 400 bytes each). */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Issues and checks HS256 bearer tokens carrying the user's id, email, name and role. A token that
 * verified is remembered until it expires, so a client's next requests skip the signature check
 * (most of the cost of authenticating); a change of secret forgets every remembered token.
 */
export class Tokens {
  readonly #key: HmacKey;
  readonly #verified = new LRUCache<string, Principal>({ max: VERIFIED_TOKENS_KEPT });
  #verifiedUnder: webcrypto.CryptoKey | undefined;

  constructor(private readonly settings: TokenSettings) {
    this.#key = new HmacKey(settings.key);
  }

  async issue(user: Principal): Promise<string> {
    return new SignJWT({ email: user.email, name: user.name, role: user.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.settings.ttlSeconds}s`)
      .sign(await this.#key.current());
  }

  /**
   * The user a token speaks for. Anything but a valid HS256 token of ours (alg none, another key,
   * expired, not yet valid, wrong issuer or audience, tampered) is UNAUTHENTICATED.
   */
  async verify(token: string): Promise<Principal> {
    try {
      const key = await this.#key.current();
      if (key !== this.#verifiedUnder) {
        this.#verified.clear();
        this.#verifiedUnder = key;
      }
      const remembered = this.#verified.get(token);
      if (remembered) return remembered;
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['sub', 'exp'],
      });
      const { sub, email, name, role, exp } = payload;
      if (
        typeof sub !== 'string' ||
        typeof email !== 'string' ||
        typeof name !== 'string' ||
        (role !== 'customer' && role !== 'admin') ||
        typeof exp !== 'number'
      ) {
        throw new Error('token claims are incomplete');
      }
      const principal: Principal = { id: sub, email, name, role };
      const remaining = exp * 1000 - Date.now();
      if (remaining > 0) this.#verified.set(token, principal, { ttl: remaining });
      return principal;
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The bearer token is invalid or expired');
    }
  }
}

/**
 * The HS256 key as WebCrypto holds it, imported again only when the secret changes (a rotation is
 * seen on the next token): importing a raw secret costs about as much as checking a signature.
 */
class HmacKey {
  #secret: Uint8Array | undefined;
  #key: webcrypto.CryptoKey | undefined;

  constructor(private readonly source: JwtKeySource) {}

  async current(): Promise<webcrypto.CryptoKey> {
    const secret = await this.source();
    if (!this.#key || !this.#secret || !Buffer.from(secret).equals(this.#secret)) {
      this.#key = await webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
        'verify',
      ]);
      this.#secret = secret;
    }
    return this.#key;
  }
}

/**
 * An onRequest hook that requires a valid bearer token and sets `request.user`. It runs before the
 * body is parsed or validated, so an anonymous caller costs no parsing and gets a small 401.
 */
export function authenticate(tokens: Tokens) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'An Authorization: Bearer token is required');
    request.user = await tokens.verify(token);
  };
}

/** True when the request carries a valid admin bearer token; never throws. */
export async function isAdminRequest(tokens: Tokens, request: FastifyRequest): Promise<boolean> {
  const token = bearerToken(request);
  if (!token) return false;
  try {
    return (await tokens.verify(token)).role === 'admin';
  } catch {
    return false;
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return (header ? /^Bearer\s+(\S+)$/i.exec(header) : null)?.[1];
}

/** An onRequest hook (after `authenticate`) that lets only admins through. */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  if (request.user?.role !== 'admin')
    throw new DomainError('FORBIDDEN', 'This operation needs the admin role');
}

/** The authenticated caller; only call in handlers behind `authenticate`. */
export function caller(request: FastifyRequest): Principal {
  if (!request.user) throw new DomainError('UNAUTHENTICATED', 'Not authenticated');
  return request.user;
}
