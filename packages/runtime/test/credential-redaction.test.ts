import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { runApp } from '@bharatmart/testkit';
import { describeConfig, loadConfig, redactedConfig } from '../src/index.js';

const CONFIG_CHECK = fileURLToPath(new URL('../dist/cli/config-check.js', import.meta.url));
const CANARY = 'canary-Pw9';

/** Every credential-bearing variable of every backend, in each form its driver accepts a password in. */
const forms: [string, Record<string, string>][] = [
  [
    'postgres://user:password@',
    { DATABASE_TYPE: 'postgresql', DATABASE_URL: `postgres://shop:${CANARY}@db:5432/shop` },
  ],
  [
    'postgres ?password=',
    {
      DATABASE_TYPE: 'postgresql',
      DATABASE_URL: `postgres://db:5432/shop?sslmode=require&password=${CANARY}`,
    },
  ],
  [
    'postgres password with an unencoded @',
    { DATABASE_TYPE: 'postgresql', DATABASE_URL: `postgres://shop:p@${CANARY}@db:5432/shop` },
  ],
  ['mysql://user:password@', { DATABASE_TYPE: 'mysql', MYSQL_URL: `mysql://shop:${CANARY}@db:3306/shop` }],
  ['mysql ?password=', { DATABASE_TYPE: 'mysql', MYSQL_URL: `mysql://shop@db:3306/shop?password=${CANARY}` }],
  [
    'supabase database URL, as a fallback too',
    {
      DATABASE_TYPE: 'supabase',
      SUPABASE_URL: 'https://project.supabase.co',
      SUPABASE_DB_URL: `postgresql://postgres:${CANARY}@db.project.supabase.co:5432/postgres`,
      DATABASE_FALLBACK_TYPE: 'postgresql',
      DATABASE_URL: `postgres://postgres:${CANARY}@@db.project.supabase.co:5432/postgres`,
    },
  ],
  [
    'BullMQ redis://:password@',
    { WORKER_MODE: 'bull-queue', QUEUE_REDIS_URL: `redis://:${CANARY}@queue:6379/0` },
  ],
  [
    'redis cache user:password with @',
    { CACHE_TYPE: 'redis', CACHE_REDIS_URL: `redis://default:x@${CANARY}@cache:6379/1` },
  ],
  [
    'OCI Cache rediss://',
    { CACHE_TYPE: 'oci-cache', CACHE_REDIS_URL: `rediss://:${CANARY}@cache.oraclecloud.com:6379` },
  ],
  [
    'memcached user:pass@host list',
    { CACHE_TYPE: 'memcached', MEMCACHED_SERVERS: `cache:${CANARY}@m1:11211,m2:11211` },
  ],
];

describe('credentials in the configuration printouts', () => {
  it.each(forms)(
    '%s: masked in the served configuration, the startup block and config:check',
    async (label, env) => {
      const config = loadConfig(env);
      const served = JSON.stringify(redactedConfig(config));
      expect(served).toContain('***');
      expect(served).not.toContain(CANARY);
      expect(describeConfig(config)).not.toContain(CANARY);
      const file = join(mkdtempSync(join(tmpdir(), 'redaction-')), 'check.env');
      writeFileSync(
        file,
        Object.entries(env)
          .map(([name, value]) => `${name}=${value}\n`)
          .join(''),
      );
      const { code, output } = await runApp(CONFIG_CHECK, {}, 30_000, ['--env-file', file]);
      expect({ label, code }).toEqual({ label, code: 0 });
      expect(output).not.toContain(CANARY);
    },
    60_000,
  );

  it('masks a credential-bearing value wherever it sits, and leaves other values as they are', () => {
    const config = loadConfig({ CACHE_TYPE: 'memcached', MEMCACHED_SERVERS: `u:${CANARY}@m1:11211` });
    const shown = redactedConfig(config);
    expect(shown.cache).toMatchObject({ servers: 'u:***@m1:11211', keyPrefix: 'bharatmart:' });
    expect(shown.database).toEqual(config.database);
  });
});
