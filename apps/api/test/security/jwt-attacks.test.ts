import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, UnsecuredJWT } from 'jose';
import { registerCustomer, testEnv } from '../support.js';
import { describeOnEachConfiguration } from './configurations.js';
import type { SecurityDeployment } from './deployment.js';
import { startDeployment } from './deployment.js';

const SECRET = new TextEncoder().encode(testEnv().JWT_SECRET);
const OTHER_KEY = new TextEncoder().encode('another-key-that-is-also-at-least-32-bytes');

await describeOnEachConfiguration('JWT', (configuration, backing) => {
  let api: SecurityDeployment;
  let customer: { token: string; user: { id: string; email: string } };

  beforeAll(async () => {
    api = await startDeployment(configuration, backing(), { jobs: 'held' });
    customer = await registerCustomer(api.client, 'Target');
  });

  afterAll(async () => {
    await api.stop();
  });

  function claims(role = 'customer') {
    return { email: customer.user.email, name: 'Target', role };
  }

  function token(
    overrides: {
      key?: Uint8Array;
      iss?: string;
      aud?: string;
      exp?: number | string;
      nbf?: number | string;
      role?: string;
    } = {},
  ): Promise<string> {
    const jwt = new SignJWT(claims(overrides.role))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(customer.user.id)
      .setIssuer(overrides.iss ?? 'bharatmart')
      .setAudience(overrides.aud ?? 'bharatmart-api')
      .setIssuedAt()
      .setExpirationTime(overrides.exp ?? '1h');
    if (overrides.nbf !== undefined) jwt.setNotBefore(overrides.nbf);
    return jwt.sign(overrides.key ?? SECRET);
  }

  async function status(bearer: string, path = '/api/v1/orders'): Promise<number> {
    const response = await api.client.get(path, { token: bearer });
    if (response.status === 401) expect(response.body.error.code).toBe('UNAUTHENTICATED');
    return response.status;
  }

  describe('JWT attacks are all 401', () => {
    it('a correctly signed token of ours is accepted (the control)', async () => {
      expect(await status(await token())).toBe(200);
    });

    it('alg none', async () => {
      const unsecured = new UnsecuredJWT(claims('admin'))
        .setSubject(customer.user.id)
        .setIssuer('bharatmart')
        .setAudience('bharatmart-api')
        .setExpirationTime('1h')
        .encode();
      expect(await status(unsecured)).toBe(401);
      expect(await status(unsecured, '/api/v1/admin/config')).toBe(401);
    });

    it('HS256 signed with another key', async () => {
      expect(await status(await token({ key: OTHER_KEY, role: 'admin' }), '/api/v1/admin/config')).toBe(401);
    });

    it('expired', async () => {
      expect(await status(await token({ exp: Math.floor(Date.now() / 1000) - 60 }))).toBe(401);
    });

    it('not valid yet (future nbf)', async () => {
      expect(await status(await token({ nbf: '1h' }))).toBe(401);
    });

    it('wrong issuer or audience', async () => {
      expect(await status(await token({ iss: 'someone-else' }))).toBe(401);
      expect(await status(await token({ aud: 'another-api' }))).toBe(401);
    });

    it('tampered payload (role raised to admin, signature kept)', async () => {
      const [header, payload, signature] = (await token()).split('.');
      const raised = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), role: 'admin' }),
      ).toString('base64url');
      expect(await status(`${header}.${raised}.${signature}`, '/api/v1/admin/config')).toBe(401);
    });

    it('truncated or missing signature, and garbage', async () => {
      const valid = await token();
      expect(await status(valid.slice(0, -4))).toBe(401);
      expect(await status(valid.split('.').slice(0, 2).join('.') + '.')).toBe(401);
      expect(await status('a.b.c')).toBe(401);
    });

    it('a token for an unsupported algorithm (HS512) with the right key', async () => {
      const hs512 = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS512' })
        .setSubject(customer.user.id)
        .setIssuer('bharatmart')
        .setAudience('bharatmart-api')
        .setExpirationTime('1h')
        .sign(SECRET);
      expect(await status(hs512)).toBe(401);
    });
  });
});
