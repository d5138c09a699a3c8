import { AdapterError } from '@bharatmart/core';
import type { ISecretsProvider } from '@bharatmart/core';
import { startAzureKeyVaultStandin } from '@bharatmart/cloud-standins';
import type { AzureKeyVaultStandin } from '@bharatmart/cloud-standins';
import { describeSecretsContract } from '@bharatmart/testkit';
import type { TokenCredential } from '@azure/identity';
import { createAzureKeyVaultSecrets, toKeyVaultSecretName } from '../src/index.js';

const TOKEN = 'standin-bearer-token';
let standin: AzureKeyVaultStandin;

beforeAll(async () => {
  standin = await startAzureKeyVaultStandin({ token: TOKEN });
});
afterAll(() => standin.stop());

/** A TokenCredential that hands out a fixed token, as a real credential would after signing in. */
const fixedToken = (token: string): TokenCredential => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

const connect = (token = TOKEN): ISecretsProvider =>
  createAzureKeyVaultSecrets({
    vaultUrl: standin.url,
    credential: fixedToken(token),
    // The stand-in listens on 127.0.0.1 with a self-signed certificate, not on *.vault.azure.net.
    clientOptions: {
      disableChallengeResourceVerification: true,
      tlsOptions: { ca: standin.ca },
      retryOptions: { maxRetries: 0 },
    },
  });

describeSecretsContract('azure-key-vault', async (seed) => {
  for (const [name, value] of Object.entries(seed))
    standin.setSecret(toKeyVaultSecretName(name) ?? name, value);
  return connect();
});

describe('createAzureKeyVaultSecrets', () => {
  it('answers the bearer challenge once, then sends the token directly', async () => {
    standin.setSecret('JWT-SECRET', 'jwt-value');
    const seen = standin.requests.length;
    const secrets = connect();
    expect(await secrets.get('JWT_SECRET')).toBe('jwt-value');
    expect(await secrets.get('JWT-SECRET')).toBe('jwt-value');
    expect(standin.requests.slice(seen).map((r) => r.auth)).toEqual(['missing', 'accepted', 'accepted']);
  });

  it('reports a token the vault rejects as UNAVAILABLE with the status, never a value', async () => {
    standin.setSecret('GUARDED', 'guarded-value');
    const secrets = connect('wrong-token');
    const error = await secrets.get('GUARDED').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect(error).toMatchObject({
      adapter: 'azure-key-vault',
      code: 'UNAVAILABLE',
      message: expect.stringContaining('401'),
    });
    expect((error as Error).message).not.toContain('guarded-value');
    expect(standin.requests.at(-1)?.auth).toBe('rejected');
    expect((await secrets.health()).status).toBe('down');
  });

  it('maps underscores to dashes and never asks for a name Key Vault cannot hold', async () => {
    expect(toKeyVaultSecretName('DB_PASSWORD')).toBe('DB-PASSWORD');
    expect(toKeyVaultSecretName('a.b')).toBeUndefined();
    const seen = standin.requests.length;
    expect(await connect().getMany(['a.b', 'x/y', ''])).toEqual({});
    expect(standin.requests.length).toBe(seen);
  });

  it('sees a rotated value on the next read', async () => {
    const secrets = connect();
    standin.setSecret('API-KEY', 'key-1');
    expect(await secrets.get('API_KEY')).toBe('key-1');
    standin.setSecret('API-KEY', 'key-2');
    expect(await secrets.get('API_KEY')).toBe('key-2');
  });

  it('is UNAVAILABLE and down when the vault does not answer', async () => {
    const gone = await startAzureKeyVaultStandin({ token: TOKEN });
    await gone.stop();
    const secrets = createAzureKeyVaultSecrets({
      vaultUrl: gone.url,
      credential: fixedToken(TOKEN),
      clientOptions: { disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } },
    });
    await expect(secrets.get('X')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('no response'),
    });
    expect((await secrets.health()).status).toBe('down');
  });
});
