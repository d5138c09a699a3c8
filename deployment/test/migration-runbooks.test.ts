import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, expect, it } from '@jest/globals';
import { startSupabaseStandin } from '@bharatmart/supabase-standin';
import {
  createMysqlTestDatabase,
  createPostgresTestDatabase,
  describeWithService,
  freePort,
  serviceUrl,
} from '@bharatmart/testkit';
import { ADMIN, withLocalEndpoints } from './support/local-endpoints.js';
import { runbookNames, runRunbook, writeEnvFile } from './support/runbooks.js';
import { expectShopMoved, placePaidOrder, ROOT, startShop } from './support/shop.js';
import type { ShopRecord } from './support/shop.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const scenario = (name: string) =>
  parseEnv(readFileSync(join(ROOT, 'deployment/env/scenarios', name), 'utf8')) as Record<string, string>;
const envFile = (path: string) => parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;

function workDirectory(label: string): string {
  const directory = mkdtempSync(join(tmpdir(), `runbook-${label}-`));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** Runs a shop on the single-VM variant (local PostgreSQL, Redis, secret files) with one paid order. */
async function singleVmShop(label: string) {
  const source = await withLocalEndpoints(scenario('small-production-self-hosted-postgres.env'), label);
  cleanups.push(() => source.stop());
  const shop = await startShop(source.env);
  const record = await placePaidOrder(shop.client, ADMIN);
  expect(await shop.stop()).toEqual([0, 0]);
  return { source, record };
}

/** Runs runbook `name`, expecting it to finish and every copied table to match. */
async function expectRunbookPasses(name: string, env: Record<string, string>): Promise<void> {
  const { code, output } = await runRunbook(name, env);
  expect(`exit ${code}\n${output}`).toMatch(/^exit 0\n/);
  expect(output).toContain('All tables match.');
}

/** Starts the shop on the environment the runbook left, and checks the old order moved and a new one is paid. */
async function expectShopServes(env: Record<string, string>, record: ShopRecord): Promise<void> {
  const shop = await startShop(env);
  try {
    await expectShopMoved(shop.client, record);
    await placePaidOrder(shop.client, ADMIN);
  } finally {
    expect(await shop.stop()).toEqual(env.WORKER_MODE === 'in-process' ? [0] : [0, 0]);
  }
}

it('docs/deployment.md has a runbook for each of the three migration paths', () => {
  expect(runbookNames()).toEqual([
    'development-to-single-vm',
    'postgresql-to-supabase',
    'postgresql-to-mysql',
  ]);
});

await describeWithService(['postgres', 'redis', 'mariadb'], 'migration runbooks, run as written', () => {
  it('1. development → single VM: PGlite to PostgreSQL, in-process jobs to BullMQ, env secrets to files', async () => {
    const directory = workDirectory('development');
    const pgliteDir = join(directory, 'pglite');
    const gatewayKey = randomBytes(16).toString('hex');
    const development = await startShop({
      ...scenario('local-development.env'),
      PGLITE_DATA_DIR: pgliteDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      PAYMENT_GATEWAY_API_KEY: gatewayKey,
    });
    const record = await placePaidOrder(development.client, ADMIN);
    expect(await development.stop()).toEqual([0]);

    const target = await createPostgresTestDatabase('runbook_single_vm');
    cleanups.push(target.drop);
    const url = new URL(target.url);
    const newEnv = join(directory, 'bharatmart.env');
    const secretsDir = join(directory, 'secrets');
    const prefix = `runbook-${randomBytes(4).toString('hex')}`;
    writeEnvFile(newEnv, {
      ...scenario('small-production-self-hosted-postgres.env'),
      POSTGRES_HOST: url.hostname,
      POSTGRES_DB: target.name,
      POSTGRES_USER: decodeURIComponent(url.username),
      QUEUE_REDIS_URL: serviceUrl('redis'),
      QUEUE_PREFIX: prefix,
      CACHE_REDIS_URL: serviceUrl('redis'),
      CACHE_KEY_PREFIX: `${prefix}:`,
      SECRETS_DIR: secretsDir,
      WORKER_HEALTH_PORT: String(await freePort()),
    });
    await expectRunbookPasses('development-to-single-vm', {
      PGLITE_DIR: pgliteDir,
      NEW_ENV: newEnv,
      SECRETS_DIR: secretsDir,
      TARGET_DATABASE_URL: target.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      POSTGRES_PASSWORD: decodeURIComponent(url.password) || 'trust-authentication',
      PAYMENT_GATEWAY_API_KEY: gatewayKey,
    });
    await expectShopServes(envFile(newEnv), record);
  }, 300_000);

  it('2. single VM → Supabase: PostgreSQL to Supabase, secret files to the environment', async () => {
    const { source, record } = await singleVmShop('to-supabase');
    const directory = workDirectory('supabase');
    const target = await createPostgresTestDatabase('runbook_supabase');
    cleanups.push(target.drop);
    const standin = await startSupabaseStandin({
      databaseUrl: target.url,
      jwtSecret: randomBytes(32).toString('hex'),
    });
    cleanups.push(() => standin.stop());
    const newEnv = join(directory, 'bharatmart.env');
    const envSecrets = join(directory, 'secrets.env');
    // The same Redis queue and cache as the single VM: the runbook leaves workers and cache as they are.
    const same = [
      'QUEUE_REDIS_URL',
      'QUEUE_PREFIX',
      'CACHE_REDIS_URL',
      'CACHE_KEY_PREFIX',
      'WORKER_HEALTH_PORT',
    ];
    writeEnvFile(newEnv, {
      ...scenario('small-production.env'),
      SUPABASE_URL: standin.url,
      ...Object.fromEntries(same.map((name) => [name, source.env[name] ?? ''])),
    });
    await expectRunbookPasses('postgresql-to-supabase', {
      NEW_ENV: newEnv,
      SECRETS_DIR: source.env.SECRETS_DIR ?? '',
      ENV_SECRETS: envSecrets,
      SOURCE_DATABASE_URL: source.databaseUrl ?? '',
      SUPABASE_DB_URL: target.url,
      SUPABASE_SERVICE_ROLE_KEY: standin.serviceRoleKey,
    });
    // The units read the env file, then the secrets' EnvironmentFile, which wins.
    await expectShopServes({ ...envFile(newEnv), ...envFile(envSecrets) }, record);
  }, 300_000);

  it('3. PostgreSQL → MySQL, stopped', async () => {
    const { source, record } = await singleVmShop('to-mysql');
    const directory = workDirectory('mysql');
    const target = await createMysqlTestDatabase('runbook_mysql');
    cleanups.push(target.drop);
    const newEnv = join(directory, 'bharatmart.env');
    const { POSTGRES_HOST: _host, POSTGRES_DB: _db, POSTGRES_USER: _user, ...rest } = source.env;
    writeEnvFile(newEnv, { ...rest, DATABASE_TYPE: 'mysql', MYSQL_URL: target.url });
    await expectRunbookPasses('postgresql-to-mysql', {
      NEW_ENV: newEnv,
      SOURCE_DATABASE_URL: source.databaseUrl ?? '',
      TARGET_MYSQL_URL: target.url,
    });
    await expectShopServes(envFile(newEnv), record);
  }, 300_000);
});
