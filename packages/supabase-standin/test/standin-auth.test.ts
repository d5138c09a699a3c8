import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describeWithService } from '@bharatmart/testkit';
import { mintKey } from '../src/index.js';
import { startFixture, type StandinFixture } from './fixtures.js';

await describeWithService('postgres', 'Supabase stand-in: JWT and Row Level Security', () => {
  let fx: StandinFixture;
  beforeAll(async () => {
    fx = await startFixture('standin_auth');
  });
  afterAll(() => fx?.close());

  const as = (token: string) => ({ apikey: token, authorization: `Bearer ${token}` });
  const sign = (claims: Record<string, unknown>, secret: string, expiresAt?: number) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' });
    if (expiresAt !== undefined) jwt.setExpirationTime(expiresAt);
    return jwt.sign(new TextEncoder().encode(secret));
  };
  const rejected = async (headers: Record<string, string>) => {
    const response = await fx.call('authors', { headers });
    return { status: response.status, body: (await response.json()) as { code: string; message: string } };
  };

  it('refuses requests without a key, with a key signed by another secret, unsigned (alg none) or expired', async () => {
    expect(await rejected({ apikey: '', authorization: '' })).toMatchObject({
      status: 401,
      body: { code: 'PGRST301', message: 'No API key found in request' },
    });
    const foreign = await sign({ role: 'service_role' }, 'another-secret-of-at-least-32-chars!!');
    expect(await rejected(as(foreign))).toMatchObject({ status: 401, body: { code: 'PGRST301' } });
    const unsigned = new UnsecuredJWT({ role: 'service_role' }).encode();
    expect(await rejected(as(unsigned))).toMatchObject({ status: 401, body: { code: 'PGRST301' } });
    const expired = await sign({ role: 'service_role' }, fx.jwtSecret, Math.floor(Date.now() / 1000) - 120);
    expect(await rejected(as(expired))).toMatchObject({ status: 401, body: { code: 'PGRST303' } });
    const tampered = `${fx.standin.anonKey.split('.').slice(0, 2).join('.')}.${fx.standin.serviceRoleKey.split('.')[2]}`;
    expect(await rejected(as(tampered))).toMatchObject({ status: 401, body: { code: 'PGRST301' } });
  });

  it('refuses a role the API does not switch to, as PostgreSQL refuses SET ROLE to a non-member', async () => {
    const superuser = await sign({ role: 'postgres' }, fx.jwtSecret);
    expect(await rejected(as(superuser))).toMatchObject({ status: 403, body: { code: '42501' } });
  });

  it('takes the token from apikey alone, and runs a token without a role claim as anon', async () => {
    const onlyApikey = await fx.call('orders', {
      headers: { apikey: fx.standin.serviceRoleKey, authorization: '' },
    });
    expect(await onlyApikey.json()).toHaveLength(3);
    const roleless = await sign({ sub: 'alice' }, fx.jwtSecret);
    expect(await (await fx.call('orders', { headers: as(roleless) })).json()).toHaveLength(2);
  });

  it("enforces Row Level Security: anon reads none of the customers' orders, the service role all", async () => {
    const anon = await fx.call('orders?select=id', {
      headers: { ...as(fx.standin.anonKey), prefer: 'count=exact' },
    });
    expect([anon.status, anon.headers.get('content-range'), await anon.json()]).toEqual([200, '*/0', []]);
    const service = await fx.call('orders?select=id&order=id');
    expect(await service.json()).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('exposes the JWT claims as request.jwt.claims: a customer reads only their own rows', async () => {
    const alice = await mintKey(fx.jwtSecret, 'authenticated', { sub: 'alice' });
    const own = await fx.call('orders?select=id,customer&order=id', { headers: as(alice) });
    expect(await own.json()).toEqual([
      { id: 1, customer: 'alice' },
      { id: 3, customer: 'alice' },
    ]);
    const others = await fx.call('orders?customer=eq.bob', { headers: as(alice) });
    expect(await others.json()).toEqual([]);
  });

  it('denies writes the policies do not allow: 401 for anon, 403 for a signed-in role', async () => {
    const anon = await fx.call('orders', {
      method: 'POST',
      headers: as(fx.standin.anonKey),
      body: { id: 9, customer: 'x', total: 1 },
    });
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({
      code: '42501',
      message: expect.stringContaining('row-level security'),
    });
    const alice = await mintKey(fx.jwtSecret, 'authenticated', { sub: 'alice' });
    const signedIn = await fx.call('orders', {
      method: 'POST',
      headers: as(alice),
      body: { id: 9, customer: 'alice', total: 1 },
    });
    expect(signedIn.status).toBe(403);
  });
});
