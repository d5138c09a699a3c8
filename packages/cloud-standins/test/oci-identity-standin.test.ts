import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { startOciIdentityStandin, startOciVaultStandin } from '../src/index.js';
import type { OciIdentityStandin, OciVaultStandin } from '../src/index.js';

const VAULT = 'ocid1.vault.oc1..standintest';
const SA_TOKEN = 'service-account-token';
const session = generateKeyPairSync('rsa', { modulusLength: 2048 });
const sessionPem = session.publicKey.export({ type: 'spki', format: 'pem' }).toString();
let identity: OciIdentityStandin;
let other: OciIdentityStandin;
let vault: OciVaultStandin;

beforeAll(async () => {
  [identity, other] = await Promise.all([
    startOciIdentityStandin({ serviceAccountToken: SA_TOKEN }),
    startOciIdentityStandin({ serviceAccountToken: SA_TOKEN }),
  ]);
  vault = await startOciVaultStandin({
    vaultId: VAULT,
    apiKeys: {},
    tokenIssuerKey: identity.tokenIssuerKey,
  });
  vault.putSecret('name', 'value');
});
afterAll(() => Promise.all([identity.stop(), other.stop(), vault.stop()]));

/** A getByName signed with `key` under keyId `ST$<token>`, the way OCI's SDKs sign. */
async function getWithToken(token: string, key = session.privateKey): Promise<number> {
  const url = new URL(
    `/20190301/secretbundles/actions/getByName?secretName=name&vaultId=${VAULT}`,
    vault.url,
  );
  const headers: Record<string, string> = {
    'x-date': new Date().toUTCString(),
    host: url.host,
    'content-type': 'application/json',
    'content-length': '0',
    'x-content-sha256': createHash('sha256').update('').digest('base64'),
  };
  const names = ['x-date', '(request-target)', 'host', 'content-type', 'content-length', 'x-content-sha256'];
  const signingString = names
    .map((h) => `${h}: ${h === '(request-target)' ? `post ${url.pathname}${url.search}` : headers[h]}`)
    .join('\n');
  const signature = sign('sha256', Buffer.from(signingString), key).toString('base64');
  headers.authorization = `Signature version="1",keyId="ST$${token}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`;
  return (await fetch(url, { method: 'POST', headers, body: '' })).status;
}

describe('OCI identity stand-in', () => {
  it('serves the instance metadata only with Authorization: Bearer Oracle', async () => {
    const region = await fetch(`${identity.metadataBaseUrl}instance/region`, {
      headers: { authorization: 'Bearer Oracle' },
    });
    expect([region.status, await region.text()]).toEqual([200, 'ap-mumbai-1']);
    expect((await fetch(`${identity.metadataBaseUrl}identity/cert.pem`)).status).toBe(401);
  });

  it('lets a service stand-in accept a token of its issuer signed with the session key, and nothing else', async () => {
    const token = identity.issueResourcePrincipalToken(sessionPem);
    expect(await getWithToken(token)).toBe(200);
    expect(vault.requests.at(-1)).toMatchObject({ auth: 'accepted', principal: 'resource' });
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(await getWithToken(token, stranger)).toBe(401);
    expect(await getWithToken(other.issueResourcePrincipalToken(sessionPem))).toBe(401);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ exp: 9_999_999_999, jwk: '{}', ptype: 'resource' })).toString(
      'base64url',
    );
    expect(await getWithToken(`${header}.${forged}.${signature}`)).toBe(401);
    expect(vault.requests.slice(-3).map((r) => r.auth)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('refuses the federation endpoint a request not signed by an instance certificate', async () => {
    const response = await fetch(`${identity.federationEndpoint}/v1/x509`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ certificate: 'AAAA', publicKey: 'AAAA' }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(identity.requests.at(-1)?.auth).not.toBe('accepted');
  });

  it('answers proxymux over HTTPS only for the service account token it was given', async () => {
    const post = (token: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpsRequest(
          {
            host: identity.proxymux.host,
            port: identity.proxymux.port,
            path: '/resourcePrincipalSessionTokens',
            method: 'POST',
            ca: identity.proxymux.ca,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ podKey: sessionPem.replace(/-----[A-Z ]+-----|\n/g, '') }));
      });
    expect(await post(SA_TOKEN)).toBe(200);
    expect(await post('another')).toBe(401);
  });
});
