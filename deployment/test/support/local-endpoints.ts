import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOciVaultStandin } from '@bharatmart/cloud-standins';
import { startSupabaseStandin } from '@bharatmart/supabase-standin';
import { createPostgresTestDatabase, freePort, serviceUrl } from '@bharatmart/testkit';

/** A scenario file's environment with its cloud endpoints replaced by local ones, and how to clean up. */
export interface LocalScenario {
  env: Record<string, string>;
  /** What was replaced, for the test's output. */
  substituted: string[];
  /** The URL of the PostgreSQL database made for it, if it has one (for a migration's source). */
  databaseUrl?: string;
  stop(): Promise<void>;
}

/** The bootstrap admin every booted scenario is given through its secrets provider. */
export const ADMIN = { email: 'admin@scenario.bharatmart.local', password: 'scenario-admin-password' };

/** The backends {@link withLocalEndpoints} gives local endpoints; a scenario choosing another fails loudly. */
const HANDLED: Record<string, string[]> = {
  DATABASE_TYPE: ['pglite', 'postgresql', 'supabase'],
  WORKER_MODE: ['in-process', 'bull-queue'],
  CACHE_TYPE: ['memory', 'redis'],
  SECRETS_PROVIDER: ['env', 'file', 'oci-vault'],
};

/**
 * Why a scenario cannot be booted on this machine at all, or undefined. A scenario that could run
 * here but chooses a backend {@link withLocalEndpoints} has no endpoints for yet (e.g. the OCI Queue
 * stand-in) fails there, naming it, instead of being passed over.
 */
export function cannotRunHere(file: Record<string, string>): string | undefined {
  if (file.DATABASE_TYPE === 'oci-autonomous')
    return 'Oracle Autonomous Database cannot run on this machine (no Oracle Database here; its SQL is checked against snapshots)';
  return undefined;
}

/**
 * Starts what `file` (a parsed scenario env file) needs on this machine — a fresh PostgreSQL database,
 * the Supabase stand-in on it, the OCI Vault stand-in, a key prefix on the local Redis — and returns
 * the file's environment with the cloud endpoints and credentials replaced by those. The backends the
 * file chooses are never changed.
 */
export async function withLocalEndpoints(
  file: Record<string, string>,
  label: string,
): Promise<LocalScenario> {
  const env: Record<string, string> = { ...file };
  const substituted: string[] = [];
  let databaseUrl: string | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  const set = (name: string, value: string, why: string) => {
    env[name] = value;
    substituted.push(`${name} (${why})`);
  };
  const secrets: Record<string, string> = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    PAYMENT_GATEWAY_API_KEY: randomBytes(16).toString('hex'),
  };
  const directory = mkdtempSync(join(tmpdir(), `scenario-${label}-`));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    const unsupported = Object.entries(HANDLED)
      .filter(([name, values]) => !values.includes(env[name] ?? ''))
      .map(([name]) => `${name}=${env[name] ?? '(unset)'}`);
    if (unsupported.length > 0)
      throw new Error(`no local endpoints for ${unsupported.join(', ')} yet: add them here`);
    if (env.DATABASE_TYPE === 'pglite')
      set('PGLITE_DATA_DIR', join(directory, 'pglite'), 'a fresh directory');
    if (env.DATABASE_TYPE === 'postgresql' || env.DATABASE_TYPE === 'supabase') {
      const database = await createPostgresTestDatabase(`scenario_${label.replace(/\W/g, '_')}`);
      cleanups.push(database.drop);
      databaseUrl = database.url;
      if (env.DATABASE_TYPE === 'supabase') {
        const standin = await startSupabaseStandin({
          databaseUrl: database.url,
          jwtSecret: randomBytes(32).toString('hex'),
        });
        cleanups.push(() => standin.stop());
        set('SUPABASE_URL', standin.url, 'the Supabase stand-in');
        set('SUPABASE_DB_URL', database.url, 'the stand-in’s PostgreSQL database');
        secrets.SUPABASE_SERVICE_ROLE_KEY = standin.serviceRoleKey;
      } else {
        const url = new URL(database.url);
        set('POSTGRES_HOST', url.hostname, 'the local PostgreSQL');
        set('POSTGRES_DB', database.name, 'a fresh database');
        set('POSTGRES_USER', decodeURIComponent(url.username), 'the local PostgreSQL’s user');
        secrets.POSTGRES_PASSWORD = decodeURIComponent(url.password) || 'trust-authentication';
      }
      if (env.DATABASE_FALLBACK_TYPE === 'postgresql') {
        set(
          'DATABASE_URL',
          database.url,
          'the same local database, as the file’s fallback reaches Supabase’s',
        );
        set('POSTGRES_SSL', 'false', 'the local PostgreSQL has no TLS; the TLS suites cover it');
      }
    }
    if (env.QUEUE_REDIS_URL !== undefined) {
      set('QUEUE_REDIS_URL', serviceUrl('redis'), 'the local Redis');
      set('QUEUE_PREFIX', `scenario-${label}-${randomBytes(4).toString('hex')}`, 'jobs of this test only');
    }
    if (env.CACHE_TYPE === 'redis') {
      set('CACHE_REDIS_URL', serviceUrl('redis'), 'the local Redis');
      set(
        'CACHE_KEY_PREFIX',
        `scenario-${label}-${randomBytes(4).toString('hex')}:`,
        'keys of this test only',
      );
    }
    if (env.WORKER_HEALTH_PORT !== undefined && env.WORKER_HEALTH_PORT !== '0')
      set('WORKER_HEALTH_PORT', String(await freePort()), 'a free port');

    if (env.SECRETS_PROVIDER === 'env') Object.assign(env, secrets);
    else if (env.SECRETS_PROVIDER === 'file') {
      for (const [name, value] of Object.entries(secrets)) writeFileSync(join(directory, name), value);
      set('SECRETS_DIR', directory, 'a directory holding this test’s secret files');
    } else if (env.SECRETS_PROVIDER === 'oci-vault') {
      const vault = await startVault(directory, env.OCI_VAULT_OCID ?? '');
      cleanups.push(() => vault.stop());
      for (const [name, value] of Object.entries(secrets)) vault.putSecret(name, value);
      set('OCI_VAULT_ENDPOINT', vault.url, 'the OCI Vault stand-in');
      set('OCI_AUTH', 'config-file', 'an API key the stand-in trusts; instance principals need an OCI VM');
      set('OCI_CONFIG_FILE', vault.configFile, 'that key’s OCI config file');
    }
    return { env, substituted, ...(databaseUrl ? { databaseUrl } : {}), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The OCI Vault stand-in serving `vaultId`, trusting one API key, with an OCI config file naming it. */
async function startVault(directory: string, vaultId: string) {
  const [tenancy, user, fingerprint] = [
    'ocid1.tenancy.oc1..scenario',
    'ocid1.user.oc1..scenario',
    '12:34:56:78',
  ];
  const key = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const keyFile = join(directory, 'oci_api_key.pem');
  writeFileSync(keyFile, key.privateKey, { mode: 0o600 });
  const configFile = join(directory, 'oci-config');
  writeFileSync(
    configFile,
    `[DEFAULT]\nuser=${user}\nfingerprint=${fingerprint}\ntenancy=${tenancy}\nregion=ap-mumbai-1\nkey_file=${keyFile}\n`,
  );
  const standin = await startOciVaultStandin({
    vaultId,
    apiKeys: { [`${tenancy}/${user}/${fingerprint}`]: key.publicKey },
  });
  return Object.assign(standin, { configFile });
}
