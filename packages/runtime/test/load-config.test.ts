import { describe, expect, it } from '@jest/globals';
import { ConfigError, describeConfig, loadConfig, redactedConfig } from '../src/index.js';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the embedded single-laptop setup', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'single-vm',
      database: { type: 'pglite', dataDir: './.data/pglite' },
      worker: { mode: 'in-process', concurrency: 5 },
      cache: { type: 'memory' },
      secrets: { provider: 'env' },
      http: { host: '0.0.0.0', port: 3000, trustProxy: false },
    });
    expect(config.databaseFallback).toBeUndefined();
    expect(describeConfig(config)).toBe(
      'Deployment configuration:\n   mode: single-vm   database: pglite   workers: in-process   cache: memory   secrets: env',
    );
  });

  it('names the variable, the value and the allowed values of a bad choice', () => {
    expect(configError({ DATABASE_TYPE: 'mongodb' }).message).toContain(
      "DATABASE_TYPE: 'mongodb' is not one of: pglite, supabase, postgresql, oci-autonomous, mysql",
    );
  });

  it('reports every problem at once, including variables a chosen backend requires', () => {
    const error = configError({
      CACHE_TYPE: 'redis',
      WORKER_MODE: 'sqs',
      PORT: 'eighty',
      DATABASE_TYPE: 'mongodb',
    });
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'AWS_REGION',
      'CACHE_REDIS_URL',
      'DATABASE_TYPE',
      'PORT',
      'SQS_QUEUE_URL',
    ]);
    expect(error.message).toContain('CACHE_REDIS_URL: is required when CACHE_TYPE=redis');
    expect(error.message).toContain("PORT: 'eighty' is invalid");
  });

  it('rejects a fallback equal to the primary and treats blank values as unset', () => {
    expect(
      configError({ DATABASE_TYPE: 'mysql', MYSQL_HOST: 'db', DATABASE_FALLBACK_TYPE: 'mysql' }).message,
    ).toContain('DATABASE_FALLBACK_TYPE: must differ from DATABASE_TYPE');
    expect(loadConfig({ DATABASE_TYPE: '', PORT: ' ' }).database.type).toBe('pglite');
  });

  it('parses lists and flags', () => {
    const config = loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.0/8', SEED_DEMO_DATA: 'false' });
    expect(config.http.trustProxy).toEqual(['10.0.0.1', '10.0.0.0/8']);
    expect(config.seedDemoData).toBe(false);
    expect(configError({ SEED_DEMO_DATA: 'maybe' }).issues[0]?.variable).toBe('SEED_DEMO_DATA');
  });

  it('redacts passwords embedded in connection URLs', () => {
    const config = loadConfig({
      DATABASE_TYPE: 'postgresql',
      DATABASE_URL: 'postgres://shop:s3cret@db:5432/shop',
    });
    const shown = JSON.stringify(redactedConfig(config));
    expect(shown).not.toContain('s3cret');
    expect(shown).toContain('postgres://shop:***@db:5432/shop');
  });

  it('gives the OCI Vault and the OCI Queue one OCI_AUTH, and keeps a resource principal key out of the configuration', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----';
    const config = loadConfig({
      SECRETS_PROVIDER: 'oci-vault',
      OCI_VAULT_OCID: 'ocid1.vault.oc1..v',
      WORKER_MODE: 'oci-queue',
      OCI_QUEUE_OCID: 'ocid1.queue.oc1..q',
      OCI_QUEUE_ENDPOINT: 'https://cell-1.queue.messaging.ap-mumbai-1.oci.oraclecloud.com',
      OCI_AUTH: 'resource-principal',
      OCI_RESOURCE_PRINCIPAL_VERSION: '2.2',
      OCI_RESOURCE_PRINCIPAL_RPST: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
      OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: key,
      OCI_RESOURCE_PRINCIPAL_REGION: 'bom',
    });
    expect(config.secrets).toMatchObject({ provider: 'oci-vault', auth: { method: 'resource-principal' } });
    expect(config.worker).toMatchObject({ mode: 'oci-queue', auth: { method: 'resource-principal' } });
    const shown = JSON.stringify(redactedConfig(config));
    expect(shown).not.toContain('MIIEvQIBADANBg');
    expect(shown).not.toContain('eyJhbGciOiJSUzI1NiJ9');
    expect(
      loadConfig({
        SECRETS_PROVIDER: 'oci-vault',
        OCI_VAULT_OCID: 'v',
        OCI_CONFIG_FILE: '/etc/oci/config',
        OCI_PROFILE: 'SHOP',
      }).secrets,
    ).toMatchObject({ auth: { method: 'config-file', configFile: '/etc/oci/config', profile: 'SHOP' } });
  });

  it("passes OCI_VAULT_ENDPOINT to the vault instead of the region's, and refuses one that is not a URL", () => {
    const vault = { SECRETS_PROVIDER: 'oci-vault', OCI_VAULT_OCID: 'ocid1.vault.oc1..v' };
    expect(loadConfig({ ...vault, OCI_VAULT_ENDPOINT: 'http://127.0.0.1:4100' }).secrets).toMatchObject({
      provider: 'oci-vault',
      endpoint: 'http://127.0.0.1:4100',
    });
    expect(loadConfig(vault).secrets).not.toHaveProperty('endpoint');
    expect(() => loadConfig({ ...vault, OCI_VAULT_ENDPOINT: 'secrets.vaults' })).toThrow(
      /OCI_VAULT_ENDPOINT/,
    );
  });
});
