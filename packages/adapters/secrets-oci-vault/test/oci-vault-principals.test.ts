import { randomUUID } from 'node:crypto';
import type { ISecretsProvider } from '@bharatmart/core';
import {
  ociPrincipalSettings,
  startOciIdentityStandin,
  startOciVaultStandin,
  withEnv,
} from '@bharatmart/cloud-standins';
import type { OciIdentityStandin, OciPrincipalSettings, OciVaultStandin } from '@bharatmart/cloud-standins';
import type { OciAuth } from '@bharatmart/oci-auth';
import { createOciVaultSecrets } from '../src/index.js';

// Every principal runs end to end on loopback: the real SDK fetches its security token from the
// identity stand-in (instance metadata + federation, a resource principal token file, proxymux)
// and signs each Vault request with the token's session key; the Vault stand-in checks both.
const VAULT = 'ocid1.vault.oc1.ap-mumbai-1.standin';
const SERVICE_ACCOUNT_TOKEN = `sa-${randomUUID()}`;
let identity: OciIdentityStandin;
let otherIdentity: OciIdentityStandin;
let vault: OciVaultStandin;
let principals: Awaited<ReturnType<typeof ociPrincipalSettings>>;
const opened: ISecretsProvider[] = [];

beforeAll(async () => {
  [identity, otherIdentity] = await Promise.all([
    startOciIdentityStandin({ serviceAccountToken: SERVICE_ACCOUNT_TOKEN }),
    startOciIdentityStandin({ serviceAccountToken: SERVICE_ACCOUNT_TOKEN }),
  ]);
  vault = await startOciVaultStandin({
    vaultId: VAULT,
    apiKeys: {},
    tokenIssuerKey: identity.tokenIssuerKey,
  });
  vault.putSecret('JWT_SECRET', 'from-the-vault');
  principals = await ociPrincipalSettings(identity, SERVICE_ACCOUNT_TOKEN);
});
afterEach(() => Promise.all(opened.splice(0).map((secrets) => secrets.close())));
afterAll(() => Promise.all([identity.stop(), otherIdentity.stop(), vault.stop()]));

const open = ({ auth }: OciPrincipalSettings, endpoint = vault.url): ISecretsProvider => {
  const secrets = createOciVaultSecrets({
    vaultId: VAULT,
    auth: auth as OciAuth,
    region: 'ap-mumbai-1',
    endpoint,
    maxAttempts: 1,
  });
  opened.push(secrets);
  return secrets;
};

describe.each([
  ['instance-principal', 'instance', ['GET /opc/v2/identity/cert.pem', 'POST /v1/x509']],
  ['resource-principal', 'resource', []],
  ['workload-identity', 'workload', ['POST /resourcePrincipalSessionTokens']],
] as const)('OCI_AUTH=%s', (method, principal, identityCalls) => {
  it(`reads secrets with requests signed by the ${principal} principal's session key`, async () => {
    const settings = principals[method];
    const seenByIdentity = identity.requests.length;
    const seenByVault = vault.requests.length;
    const value = await withEnv(settings.env, () => open(settings).get('JWT_SECRET'));
    expect(value).toBe('from-the-vault');
    expect(vault.requests.slice(seenByVault)).toEqual([
      expect.objectContaining({ auth: 'accepted', principal }),
    ]);
    const calls = identity.requests.slice(seenByIdentity);
    for (const call of identityCalls)
      expect(calls).toContainEqual(expect.objectContaining({ auth: 'accepted', url: call.split(' ')[1] }));
  });

  it('is refused by a vault that trusts another identity service', async () => {
    const stranger = await startOciVaultStandin({
      vaultId: VAULT,
      apiKeys: {},
      tokenIssuerKey: otherIdentity.tokenIssuerKey,
    });
    try {
      const settings = principals[method];
      const error = await withEnv(settings.env, () => open(settings, stranger.url).get('JWT_SECRET')).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        adapter: 'oci-vault',
        code: 'UNAVAILABLE',
        message: expect.stringContaining('NotAuthenticated'),
      });
      expect(stranger.requests.at(-1)?.auth).toBe('rejected');
    } finally {
      await stranger.stop();
    }
  });
});

describe('unusable principal settings', () => {
  it('resource-principal without its environment is MISCONFIGURED, naming the missing variable', async () => {
    const { OCI_RESOURCE_PRINCIPAL_RPST: _dropped, ...incomplete } = principals['resource-principal'].env;
    const error = await withEnv(incomplete, async () => {
      delete process.env.OCI_RESOURCE_PRINCIPAL_RPST;
      return open(principals['resource-principal'])
        .get('X')
        .catch((e: unknown) => e);
    });
    expect(error).toMatchObject({
      adapter: 'oci-vault',
      code: 'MISCONFIGURED',
      message: expect.stringContaining('OCI_RESOURCE_PRINCIPAL_RPST'),
    });
  });

  it('workload-identity with a service account token proxymux refuses gets no session and reads nothing', async () => {
    const { auth, env } = principals['workload-identity'];
    const seen = vault.requests.length;
    const refused = await startOciIdentityStandin({ serviceAccountToken: 'another-token' });
    try {
      const error = await withEnv(
        { ...env, KUBERNETES_SERVICE_PORT_PROXYMUX: String(refused.proxymux.port) },
        () =>
          open({ auth: { ...auth, serviceAccountCertPath: auth.serviceAccountCertPath ?? '' }, env })
            .get('JWT_SECRET')
            .catch((e: unknown) => e),
      );
      expect(error).toMatchObject({ adapter: 'oci-vault' });
      expect(refused.requests.map((r) => r.auth)).toContain('rejected');
      expect(vault.requests.slice(seen).filter((r) => r.auth === 'accepted')).toEqual([]);
    } finally {
      await refused.stop();
    }
  });
});
