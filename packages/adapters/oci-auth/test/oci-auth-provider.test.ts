import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { ociPrincipalSettings, startOciIdentityStandin, withEnv } from '@bharatmart/cloud-standins';
import type { OciIdentityStandin } from '@bharatmart/cloud-standins';
import { createOciAuthProvider } from '../src/index.js';
import type { OciAuth } from '../src/index.js';

// The adapters' suites run each principal end to end against the Vault and Queue stand-ins; this one
// holds the package's own promises: which provider each method builds, and MISCONFIGURED otherwise.
const SERVICE_ACCOUNT_TOKEN = `sa-${randomUUID()}`;
let identity: OciIdentityStandin;
let principals: Awaited<ReturnType<typeof ociPrincipalSettings>>;

beforeAll(async () => {
  identity = await startOciIdentityStandin({ serviceAccountToken: SERVICE_ACCOUNT_TOKEN });
  principals = await ociPrincipalSettings(identity, SERVICE_ACCOUNT_TOKEN);
});
afterAll(() => identity.stop());

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createOciAuthProvider', () => {
  it.each([
    // Given a federation endpoint, the SDK skips the metadata service's instance/region (which would
    // lead it to https://auth.<region>.oraclecloud.com), so the instance's region stays unknown here.
    ['instance-principal', 'InstancePrincipalsAuthenticationDetailsProvider', undefined],
    ['resource-principal', 'ResourcePrincipalAuthenticationDetailsProvider', 'ap-mumbai-1'],
    ['workload-identity', 'OkeWorkloadIdentityAuthenticationDetailsProvider', undefined],
  ] as const)(
    'builds %s as the SDK documents it, and its key id is a security token',
    async (method, provider, region) => {
      const { auth, env } = principals[method];
      const keyId = await withEnv(env, async () => {
        const built = await createOciAuthProvider('test', auth as OciAuth);
        expect(built.constructor.name).toBe(provider);
        expect((built as { getRegion?: () => { regionId: string } }).getRegion?.()?.regionId).toBe(region);
        return built.getKeyId();
      });
      expect(keyId).toMatch(/^ST\$[\w-]+\.[\w-]+\.[\w-]+$/);
    },
  );

  it.each<[string, OciAuth, Record<string, string>, string]>([
    [
      'a config file that does not exist',
      { method: 'config-file', configFile: '/nonexistent/oci/config' },
      {},
      'config-file',
    ],
    [
      'resource-principal without OCI_RESOURCE_PRINCIPAL_VERSION',
      { method: 'resource-principal' },
      {},
      'OCI_RESOURCE_PRINCIPAL_VERSION',
    ],
    ['workload-identity outside a pod', { method: 'workload-identity' }, {}, 'KUBERNETES_SERVICE_HOST'],
  ])('%s is MISCONFIGURED, naming what is missing', async (_label, auth, env, named) => {
    const cleared = ['OCI_RESOURCE_PRINCIPAL_VERSION', 'KUBERNETES_SERVICE_HOST'].filter(
      (name) => name in process.env,
    );
    const saved = cleared.map((name) => [name, process.env[name]] as const);
    for (const name of cleared) delete process.env[name];
    try {
      await expect(withEnv(env, () => createOciAuthProvider('test', auth))).rejects.toMatchObject({
        adapter: 'test',
        code: 'MISCONFIGURED',
        message: expect.stringContaining(named),
      });
    } finally {
      for (const [name, value] of saved) process.env[name] = value;
    }
  });

  it('instance-principal with no metadata service answering is MISCONFIGURED (loopback only, never 169.254.169.254)', async () => {
    const port = await closedPort();
    await expect(
      createOciAuthProvider('test', {
        method: 'instance-principal',
        metadataBaseUrl: `http://127.0.0.1:${port}/opc/v2/`,
        federationEndpoint: `http://127.0.0.1:${port}`,
      }),
    ).rejects.toMatchObject({
      code: 'MISCONFIGURED',
      message: expect.stringContaining('instance-principal'),
    });
  });
});
