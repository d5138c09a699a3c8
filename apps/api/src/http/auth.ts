import { DomainError } from '@bharatmart/core';
import type { User } from '@bharatmart/core';

/** The caller as the token describes them. */
export type Principal = Pick<User, 'id' | 'email' | 'name' | 'role'>;
import type { JwtKeySource } from '@bharatmart/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignJWT, jwtVerify } from 'jose';

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

/** Issues and checks HS256 bearer tokens carrying the user's id, email, name and role. */
export class Tokens {
  constructor(private readonly settings: TokenSettings) {}

  async issue(user: Principal): Promise<string> {
    return new SignJWT({ email: user.email, name: user.name, role: user.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.settings.ttlSeconds}s`)
      .sign(await this.settings.key());
  }

  /**
   * The user a token speaks for. Anything but a valid HS256 token of ours (alg none, another key,
   * expired, not yet valid, wrong issuer or audience, tampered) is UNAUTHENTICATED.
   */
  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, await this.settings.key(), {
        algorithms: ['HS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['sub', 'exp'],
      });
      const { sub, email, name, role } = payload;
      if (
        typeof sub !== 'string' ||
        typeof email !== 'string' ||
        typeof name !== 'string' ||
        (role !== 'customer' && role !== 'admin')
      ) {
        throw new Error('token claims are incomplete');
      }
      return { id: sub, email, name, role };
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The bearer token is invalid or expired');
    }
  }
}

/** A preHandler that requires a valid bearer token and sets `request.user`. */
export function authenticate(tokens: Tokens) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw new DomainError('UNAUTHENTICATED', 'An Authorization: Bearer token is required');
    request.user = await tokens.verify(match[1]);
  };
}

/** A preHandler (after `authenticate`) that lets only admins through. */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  if (request.user?.role !== 'admin')
    throw new DomainError('FORBIDDEN', 'This operation needs the admin role');
}

/** The authenticated caller; only call in handlers behind `authenticate`. */
export function caller(request: FastifyRequest): Principal {
  if (!request.user) throw new DomainError('UNAUTHENTICATED', 'Not authenticated');
  return request.user;
}
