import { generateKeyPairSync } from 'node:crypto';
import { AdapterError, chainSecrets } from '@bharatmart/core';
import type { ISecretsProvider } from '@bharatmart/core';
import { startOciVaultStandin } from '@bharatmart/cloud-standins';
import type { OciVaultStandin } from '@bharatmart/cloud-standins';
import { createEnvSecrets } from '@bharatmart/secrets-env';
import { describeSecretsContract } from '@bharatmart/testkit';
import { SimpleAuthenticationDetailsProvider } from 'oci-common';
import { createOciVaultSecrets } from '../src/index.js';

const VAULT = 'ocid1.vault.oc1.ap-mumbai-1.standin';
const [TENANCY, USER, FINGERPRINT] = ['ocid1.tenancy.oc1..standin', 'ocid1.user.oc1..standin', '12:34:56:78'];
const rsaPem = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const apiKey = rsaPem();
const strangerKey = rsaPem();
let standin: OciVaultStandin;

beforeAll(async () => {
  standin = await startOciVaultStandin({
    vaultId: VAULT,
    apiKeys: { [`${TENANCY}/${USER}/${FINGERPRINT}`]: apiKey.publicKey },
  });
});
afterAll(() => standin.stop());

const connect = (privateKey = apiKey.privateKey, endpoint = standin.url) =>
  createOciVaultSecrets({
    vaultId: VAULT,
    authProvider: new SimpleAuthenticationDetailsProvider(TENANCY, USER, FINGERPRINT, privateKey, null),
    endpoint,
    maxAttempts: 1,
  });

describeSecretsContract('oci-vault', async (seed) => {
  for (const [name, value] of Object.entries(seed)) standin.putSecret(name, value);
  return connect();
});

describeSecretsContract('chain(oci-vault, env)', async (seed) => {
  const names = Object.keys(seed);
  const inVault = names.filter((_, index) => index % 2 === 0);
  for (const name of inVault) standin.putSecret(name, seed[name] as string);
  const inEnv = Object.fromEntries(
    names.filter((name) => !inVault.includes(name)).map((name) => [name, seed[name]]),
  );
  return chainSecrets([connect(), createEnvSecrets({ env: inEnv })]);
});

describe('createOciVaultSecrets', () => {
  const opened: ISecretsProvider[] = [];
  const open = (...args: Parameters<typeof connect>): ISecretsProvider => {
    const secrets = connect(...args);
    opened.push(secrets);
    return secrets;
  };
  afterEach(() => Promise.all(opened.splice(0).map((s) => s.close())));

  it('signs every request, decodes BASE64 content as UTF-8 and sees a rotated value', async () => {
    standin.putSecret('DB_PASSWORD', 'pässwörd ✓ 1');
    const seen = standin.requests.length;
    const secrets = open();
    expect(await secrets.get('DB_PASSWORD')).toBe('pässwörd ✓ 1');
    standin.putSecret('DB_PASSWORD', 'pässwörd ✓ 2');
    expect(await secrets.get('DB_PASSWORD')).toBe('pässwörd ✓ 2');
    const requests = standin.requests.slice(seen);
    expect(requests.map((r) => r.auth)).toEqual(['accepted', 'accepted']);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: expect.stringContaining('/20190301/secretbundles/actions/getByName?'),
    });
  });

  it('reports a signature the vault rejects as UNAVAILABLE with the service code, never a value', async () => {
    standin.putSecret('GUARDED', 'guarded-value');
    const stranger = open(strangerKey.privateKey);
    const error = await stranger.get('GUARDED').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect(error).toMatchObject({
      adapter: 'oci-vault',
      code: 'UNAVAILABLE',
      message: expect.stringContaining('NotAuthenticated'),
    });
    expect((error as Error).message).not.toContain('guarded-value');
    expect(standin.requests.at(-1)?.auth).toBe('rejected');
    expect((await stranger.health()).status).toBe('down');
  });

  it('reports unusable authentication settings as MISCONFIGURED', async () => {
    const secrets = createOciVaultSecrets({
      vaultId: VAULT,
      auth: { method: 'config-file', configFile: '/nonexistent/oci/config' },
      endpoint: standin.url,
    });
    await expect(secrets.get('X')).rejects.toMatchObject({ adapter: 'oci-vault', code: 'MISCONFIGURED' });
    await secrets.close();
  });

  it('lets a chain fall back to local variables when the vault is down, naming the provider', async () => {
    const vault = await startOciVaultStandin({ vaultId: VAULT, apiKeys: {} });
    await vault.stop();
    const envProvider = createEnvSecrets({ env: { JWT_SECRET: 'from-env' } });
    const resolved: string[] = [];
    const failed: string[] = [];
    const secrets = chainSecrets([open(apiKey.privateKey, vault.url), envProvider], {
      onResolved: (name, provider) => resolved.push(`${name}<-${provider}`),
      onProviderError: ({ providerName, error }) =>
        failed.push(`${providerName}:${(error as AdapterError).code}`),
    });
    expect(await secrets.get('JWT_SECRET')).toBe('from-env');
    expect(await secrets.getMany(['JWT_SECRET'])).toEqual({ JWT_SECRET: 'from-env' });
    expect(resolved).toEqual(['JWT_SECRET<-env', 'JWT_SECRET<-env']);
    expect(failed).toEqual(['oci-vault:UNAVAILABLE', 'oci-vault:UNAVAILABLE']);
    await expect(secrets.get('NOT_ANYWHERE')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await secrets.health()).status).toBe('degraded');
  });
});
