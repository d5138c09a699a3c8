import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { startOciVaultStandin } from '../src/index.js';
import type { OciVaultStandin } from '../src/index.js';

const VAULT = 'ocid1.vault.oc1..standintest';
const KEY_ID = 'ocid1.tenancy.oc1..t/ocid1.user.oc1..u/aa:bb';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
let standin: OciVaultStandin;

beforeAll(async () => {
  standin = await startOciVaultStandin({
    vaultId: VAULT,
    apiKeys: { [KEY_ID]: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  });
});
afterAll(() => standin.stop());

interface SignOptions {
  key?: typeof keys.privateKey;
  signedPath?: string;
  headers?: string[];
}

/** Sends a request signed the way OCI's SDKs sign (draft-cavage HTTP signatures, version 1). */
async function send(method: 'GET' | 'POST', path: string, options: SignOptions | 'unsigned' = {}) {
  const url = new URL(path, standin.url);
  const headers: Record<string, string> = {
    'x-date': new Date().toUTCString(),
    host: url.host,
    ...(method === 'POST'
      ? {
          'content-type': 'application/json',
          'content-length': '0',
          'x-content-sha256': createHash('sha256').update('').digest('base64'),
        }
      : {}),
  };
  if (options !== 'unsigned') {
    const names = options.headers ?? [
      'x-date',
      '(request-target)',
      'host',
      ...(method === 'POST' ? ['content-type', 'content-length', 'x-content-sha256'] : []),
    ];
    const target = `${method.toLowerCase()} ${options.signedPath ?? url.pathname + url.search}`;
    const signingString = names
      .map((h) => `${h}: ${h === '(request-target)' ? target : headers[h]}`)
      .join('\n');
    const signature = sign('sha256', Buffer.from(signingString), options.key ?? keys.privateKey).toString(
      'base64',
    );
    headers.authorization = `Signature version="1",keyId="${KEY_ID}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`;
  }
  const response = await fetch(url, { method, headers, ...(method === 'POST' ? { body: '' } : {}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const byName = (name: string, extra = '', vault = VAULT) =>
  `/20190301/secretbundles/actions/getByName?secretName=${encodeURIComponent(name)}&vaultId=${encodeURIComponent(vault)}${extra}`;

describe('OCI Vault secrets stand-in', () => {
  it('answers a signed getByName with a SecretBundle holding BASE64 content', async () => {
    standin.putSecret('db-password', 'pässword');
    const { status, body } = await send('POST', byName('db-password'));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      versionNumber: 1,
      stages: ['CURRENT', 'LATEST'],
      secretBundleContent: { contentType: 'BASE64' },
    });
    expect(body.secretId).toMatch(/^ocid1\.vaultsecret\./);
    const content = (body.secretBundleContent as { content: string }).content;
    expect(Buffer.from(content, 'base64').toString('utf8')).toBe('pässword');
  });

  it('rejects unsigned, wrongly keyed, tampered and incompletely signed requests with 401 NotAuthenticated', async () => {
    standin.putSecret('guarded', 'x');
    const attempts = [
      await send('POST', byName('guarded'), 'unsigned'),
      await send('POST', byName('guarded'), { key: otherKeys.privateKey }),
      await send('POST', byName('guarded'), { signedPath: byName('other') }),
      await send('POST', byName('guarded'), { headers: ['x-date', '(request-target)', 'host'] }),
    ];
    for (const { status, body } of attempts) {
      expect(status).toBe(401);
      expect(body).toEqual({ code: 'NotAuthenticated', message: expect.any(String) });
    }
    expect(standin.requests.slice(-4).map((r) => r.auth)).toEqual([
      'missing',
      'rejected',
      'rejected',
      'rejected',
    ]);
  });

  it('answers 404 NotAuthorizedOrNotFound for an unknown name, another vault or another route', async () => {
    standin.putSecret('known', 'x');
    for (const path of [byName('unknown'), byName('known', '', 'ocid1.vault.oc1..other')]) {
      expect(await send('POST', path)).toEqual({
        status: 404,
        body: { code: 'NotAuthorizedOrNotFound', message: expect.any(String) },
      });
    }
    expect((await send('GET', '/20190301/secretbundles/ocid1.vaultsecret.oc1..x')).status).toBe(404);
    expect((await send('POST', '/20190301/secretbundles/actions/getByName?secretName=known')).body.code).toBe(
      'MissingParameter',
    );
  });

  it('serves the newest version after rotation and older ones by number or stage', async () => {
    standin.putSecret('rotating', 'v1');
    standin.putSecret('rotating', 'v2');
    const decode = (body: Record<string, unknown>) =>
      Buffer.from((body.secretBundleContent as { content: string }).content, 'base64').toString('utf8');
    expect(decode((await send('POST', byName('rotating'))).body)).toBe('v2');
    expect(decode((await send('POST', byName('rotating', '&versionNumber=1'))).body)).toBe('v1');
    expect(decode((await send('POST', byName('rotating', '&stage=PREVIOUS'))).body)).toBe('v1');
    standin.deleteSecret('rotating');
    expect((await send('POST', byName('rotating'))).status).toBe(404);
  });

  it('stops once, however often asked', async () => {
    const extra = await startOciVaultStandin({ vaultId: VAULT, apiKeys: {} });
    await extra.stop();
    await expect(extra.stop()).resolves.toBeUndefined();
    await expect(fetch(extra.url)).rejects.toThrow();
  });
});
