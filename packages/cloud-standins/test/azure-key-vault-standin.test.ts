import { request } from 'node:https';
import { startAzureKeyVaultStandin } from '../src/index.js';
import type { AzureKeyVaultStandin } from '../src/index.js';

const TOKEN = 'standin-token-123';
let standin: AzureKeyVaultStandin;

beforeAll(async () => {
  standin = await startAzureKeyVaultStandin({ token: TOKEN });
});
afterAll(() => standin.stop());

interface Answer {
  status: number;
  challenge: string | undefined;
  body: Record<string, unknown>;
}

/** GET over HTTPS trusting the stand-in's self-signed certificate (fetch cannot take a CA). */
function get(path: string, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const req = request(`${standin.url}${path}`, { ca: standin.ca, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          challenge: res.headers['www-authenticate'],
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Azure Key Vault stand-in', () => {
  it('challenges a request without a token, then serves the secret to the expected bearer token', async () => {
    standin.setSecret('JWT-SECRET', 'signing-key');
    const anonymous = await get('/secrets/JWT-SECRET?api-version=7.6');
    expect(anonymous.status).toBe(401);
    expect(anonymous.challenge).toMatch(
      /^Bearer authorization="https:\/\/login\.microsoftonline\.com\/[\w-]+", resource="https:\/\/vault\.azure\.net"$/,
    );
    expect(anonymous.body).toEqual({ error: { code: 'Unauthorized', message: expect.any(String) } });

    const answer = await get('/secrets/JWT-SECRET?api-version=2025-07-01', TOKEN);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ value: 'signing-key', attributes: { enabled: true } });
    expect(answer.body.id).toMatch(new RegExp(`^${standin.url}/secrets/JWT-SECRET/[0-9a-f]{32}$`));
    expect(standin.requests.slice(-2).map((r) => r.auth)).toEqual(['missing', 'accepted']);
  });

  it('rejects a wrong token with 401 and the challenge again', async () => {
    const answer = await get('/secrets/JWT-SECRET?api-version=7.6', 'wrong');
    expect(answer).toMatchObject({ status: 401, challenge: expect.stringContaining('Bearer ') });
    expect(standin.requests.at(-1)?.auth).toBe('rejected');
  });

  it('answers 404 SecretNotFound, and 400 BadParameter for a bad api-version or name', async () => {
    expect(await get('/secrets/absent?api-version=7.6', TOKEN)).toMatchObject({
      status: 404,
      body: { error: { code: 'SecretNotFound', message: expect.stringContaining('absent') } },
    });
    expect((await get('/secrets/absent', TOKEN)).body).toMatchObject({ error: { code: 'BadParameter' } });
    expect((await get('/secrets/bad_name?api-version=7.6', TOKEN)).body).toMatchObject({
      error: { code: 'BadParameter' },
    });
  });

  it('serves the newest version after rotation and an older one by its version id', async () => {
    standin.setSecret('rotating', 'v1');
    const first = await get('/secrets/rotating?api-version=7.6', TOKEN);
    standin.setSecret('rotating', 'v2');
    expect((await get('/secrets/rotating?api-version=7.6', TOKEN)).body.value).toBe('v2');
    const firstVersion = String(first.body.id).split('/').at(-1);
    expect((await get(`/secrets/rotating/${firstVersion}?api-version=7.6`, TOKEN)).body.value).toBe('v1');
    standin.deleteSecret('rotating');
    expect((await get('/secrets/rotating?api-version=7.6', TOKEN)).status).toBe(404);
  });
});
