import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { runApp } from '@bharatmart/testkit';
import { ConfigError, createContainer, loadConfig } from '../src/index.js';
import { testEnv, testLogger } from './support.js';

const CONFIG_CHECK = fileURLToPath(new URL('../dist/cli/config-check.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'config-check-'));

/** `valid`, or the variables a refusal names, sorted. */
type Verdict = 'valid' | string[];

/** Env files (secrets included, as the env provider reads them), and what both must say of each. */
const table: [string, Record<string, string>, Verdict][] = [
  ['the embedded defaults', {}, 'valid'],
  [
    'no queue, memcached cache',
    { WORKER_MODE: 'none', CACHE_TYPE: 'memcached', MEMCACHED_SERVERS: '127.0.0.1:11211' },
    'valid',
  ],
  ['a choice nobody offers', { DATABASE_TYPE: 'mongodb' }, ['DATABASE_TYPE']],
  [
    'supabase without SUPABASE_DB_URL',
    {
      DATABASE_TYPE: 'supabase',
      SUPABASE_URL: 'https://project.supabase.co',
      SUPABASE_SERVICE_ROLE_KEY: 'service-role-key',
    },
    ['SUPABASE_DB_URL'],
  ],
  [
    'a failover pair of two databases',
    {
      DATABASE_TYPE: 'postgresql',
      DATABASE_URL: 'postgres://127.0.0.1:1/none',
      DATABASE_FALLBACK_TYPE: 'mysql',
      MYSQL_URL: 'mysql://127.0.0.1:1/none',
    },
    ['DATABASE_FALLBACK_TYPE'],
  ],
  ['redis cache without its URL', { CACHE_TYPE: 'redis' }, ['CACHE_REDIS_URL']],
  [
    'Oracle without its user',
    { DATABASE_TYPE: 'oci-autonomous', OCI_DB_CONNECTION_STRING: 'shop_high', OCI_DB_PASSWORD: 'pw' },
    ['OCI_DB_USER'],
  ],
  [
    'OCI Queue with instance principals',
    { WORKER_MODE: 'oci-queue', OCI_AUTH: 'instance-principal' },
    ['OCI_QUEUE_ENDPOINT', 'OCI_QUEUE_OCID'],
  ],
  [
    'OCI Queue with a resource principal whose environment is incomplete',
    {
      WORKER_MODE: 'oci-queue',
      OCI_QUEUE_OCID: 'ocid1.queue.oc1..q',
      OCI_QUEUE_ENDPOINT: 'http://127.0.0.1:1',
      OCI_AUTH: 'resource-principal',
      OCI_RESOURCE_PRINCIPAL_VERSION: '3.0',
      OCI_RESOURCE_PRINCIPAL_RPST: '/var/run/rpst',
    },
    ['OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM', 'OCI_RESOURCE_PRINCIPAL_REGION', 'OCI_RESOURCE_PRINCIPAL_VERSION'],
  ],
  [
    'OCI Vault with workload identity outside a pod and without a region',
    {
      SECRETS_PROVIDER: 'oci-vault',
      OCI_VAULT_OCID: 'ocid1.vault.oc1..v',
      OCI_AUTH: 'workload-identity',
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
    },
    ['KUBERNETES_SERVICE_PORT_PROXYMUX', 'OCI_REGION'],
  ],
  [
    'an OCI_AUTH the SDK has no provider for',
    { WORKER_MODE: 'oci-queue', OCI_AUTH: 'api-key' },
    ['OCI_AUTH', 'OCI_QUEUE_ENDPOINT', 'OCI_QUEUE_OCID'],
  ],
  ['a payment provider nobody offers', { PAYMENT_PROVIDER: 'stripe' }, ['PAYMENT_PROVIDER']],
  ['Razorpay without its key id', { PAYMENT_PROVIDER: 'razorpay' }, ['RAZORPAY_KEY_ID']],
  [
    'Razorpay with its key id and secrets',
    {
      PAYMENT_PROVIDER: 'razorpay',
      RAZORPAY_KEY_ID: 'rzp_test_0000000000',
      RAZORPAY_KEY_SECRET: 'key-secret',
      RAZORPAY_WEBHOOK_SECRET: 'webhook-secret',
    },
    'valid',
  ],
  ['SMTP without its host and sender', { EMAIL_TRANSPORT: 'smtp' }, ['EMAIL_FROM', 'SMTP_HOST']],
  [
    'SMTP with a bad port and flag',
    {
      EMAIL_TRANSPORT: 'smtp',
      SMTP_HOST: 'smtp.example.in',
      EMAIL_FROM: 'orders@example.in',
      SMTP_PORT: '0',
      SMTP_SECURE: 'maybe',
    },
    ['SMTP_PORT', 'SMTP_SECURE'],
  ],
];

async function configCheck(label: string, env: Record<string, string>): Promise<Verdict> {
  const file = join(dir, `${label.replaceAll(' ', '-')}.env`);
  writeFileSync(
    file,
    Object.entries(env)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
  const { code, output } = await runApp(CONFIG_CHECK, {}, 30_000, ['--env-file', file]);
  if (code === 0) return 'valid';
  expect(code).toBe(1);
  return [...new Set([...output.matchAll(/^ {2}([A-Z0-9_]+): /gm)].map((match) => match[1] ?? ''))].sort();
}

async function startup(env: Record<string, string>): Promise<Verdict> {
  try {
    const container = await createContainer(loadConfig(env), { env, logger: testLogger, role: 'api' });
    await container.close(1000);
    return 'valid';
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...new Set(error.issues.map((issue) => issue.variable))].sort();
  }
}

describe('config:check and startup', () => {
  it.each(table)(
    'give the same verdict on an env file: %s',
    async (label, extra, expected) => {
      const env = testEnv(extra);
      const [checked, started] = await Promise.all([configCheck(label, env), startup(env)]);
      expect({ configCheck: checked, startup: started }).toEqual({
        configCheck: expected,
        startup: expected,
      });
    },
    60_000,
  );
});

describe('startup (config:check leaves secrets to the secrets provider)', () => {
  const secretsCases: [string, Record<string, string>, Verdict][] = [
    [
      'Razorpay without its secrets',
      { PAYMENT_PROVIDER: 'razorpay', RAZORPAY_KEY_ID: 'rzp_test_0000000000' },
      ['RAZORPAY_KEY_SECRET', 'RAZORPAY_WEBHOOK_SECRET'],
    ],
    [
      'SMTP with a user but no password',
      {
        EMAIL_TRANSPORT: 'smtp',
        SMTP_HOST: 'smtp.example.in',
        EMAIL_FROM: 'orders@example.in',
        SMTP_USER: 'u',
      },
      ['SMTP_PASSWORD'],
    ],
  ];
  it.each(secretsCases)(
    'names the secrets a backend needs: %s',
    async (_label, extra, expected) => {
      expect(await startup(testEnv(extra))).toEqual(expected);
    },
    60_000,
  );
});
