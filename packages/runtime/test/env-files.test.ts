import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { runApp } from '@bharatmart/testkit';
import { loadConfig } from '../src/index.js';

const envDir = fileURLToPath(new URL('../../../deployment/env/', import.meta.url));
const files = [
  ...readdirSync(envDir).filter((name) => name.startsWith('.env')),
  ...readdirSync(join(envDir, 'scenarios')).map((name) => join('scenarios', name)),
];
/** The seed's four scenarios, each with the backends the seed gives it. */
const SEED_SCENARIOS: Record<string, Record<string, string>> = {
  'scenarios/local-development.env': {
    DATABASE_TYPE: 'pglite',
    WORKER_MODE: 'in-process',
    CACHE_TYPE: 'memory',
    SECRETS_PROVIDER: 'env',
  },
  'scenarios/small-production.env': {
    DATABASE_TYPE: 'supabase',
    WORKER_MODE: 'bull-queue',
    CACHE_TYPE: 'redis',
    SECRETS_PROVIDER: 'env',
  },
  'scenarios/multi-tier.env': {
    DATABASE_TYPE: 'oci-autonomous',
    WORKER_MODE: 'oci-queue',
    CACHE_TYPE: 'oci-cache',
    SECRETS_PROVIDER: 'oci-vault',
  },
  'scenarios/hybrid.env': {
    DATABASE_TYPE: 'supabase',
    WORKER_MODE: 'bull-queue',
    CACHE_TYPE: 'redis',
    SECRETS_PROVIDER: 'oci-vault',
  },
};
const CONFIG_CHECK = fileURLToPath(new URL('../dist/cli/config-check.js', import.meta.url));

describe('shipped env files', () => {
  it('includes one per environment and one per seed scenario', () => {
    expect(files.sort()).toEqual(
      expect.arrayContaining([
        '.env.development',
        '.env.staging',
        '.env.production',
        ...Object.keys(SEED_SCENARIOS),
      ]),
    );
  });

  it.each(Object.entries(SEED_SCENARIOS))('%s has the backends the seed names', (file, backends) => {
    const env = parseEnv(readFileSync(join(envDir, file), 'utf8'));
    expect({
      DATABASE_TYPE: env.DATABASE_TYPE,
      WORKER_MODE: env.WORKER_MODE,
      CACHE_TYPE: env.CACHE_TYPE,
      SECRETS_PROVIDER: env.SECRETS_PROVIDER,
    }).toEqual(backends);
  });

  const variants = files.filter((file) => file.startsWith('scenarios/') && !(file in SEED_SCENARIOS));
  it.each(variants)('%s says in its header which seed scenario it varies and why', (file) => {
    const header = readFileSync(join(envDir, file), 'utf8').split('\n\n')[0] ?? '';
    expect(header).toMatch(/^# Variant of seed scenario \d \([a-z-]+\.env\)/);
    expect(header).toMatch(/^# Why a variant: /m);
    const seedFile = /\(([a-z-]+\.env)\)/.exec(header)?.[1] ?? '';
    expect(Object.keys(SEED_SCENARIOS)).toContain(`scenarios/${seedFile}`);
  });

  it.each(files)('%s is valid for the schema the apps use', (file) => {
    expect(() => loadConfig(parseEnv(readFileSync(join(envDir, file), 'utf8')))).not.toThrow();
  });
});

describe('pnpm config:check', () => {
  it('prints the resolved, redacted configuration of a valid file', async () => {
    const { code, output } = await runApp(CONFIG_CHECK, {}, 30_000, [
      '--env-file',
      join(envDir, 'scenarios/small-production-self-hosted-postgres.env'),
    ]);
    expect(code).toBe(0);
    expect(output).toContain('database: postgresql');
    expect(output).toContain('"redisUrl": "redis://127.0.0.1:6379/0"');
  });

  it('names each bad or missing variable and exits 1', async () => {
    const bad = join(envDir, '..', '..', 'packages', 'runtime', 'test', 'fixtures', 'bad.env');
    const { code, output } = await runApp(CONFIG_CHECK, {}, 30_000, ['--env-file', bad]);
    expect(code).toBe(1);
    expect(output).toContain(
      "DATABASE_TYPE: 'mongodb' is not one of: pglite, supabase, postgresql, oci-autonomous, mysql",
    );
    expect(output).toContain('CACHE_REDIS_URL: is required when CACHE_TYPE=redis');
  });
});
