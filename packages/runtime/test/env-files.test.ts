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
const CONFIG_CHECK = fileURLToPath(new URL('../dist/cli/config-check.js', import.meta.url));

describe('shipped env files', () => {
  it('includes one per environment and one per seed scenario', () => {
    expect(files.sort()).toEqual(
      expect.arrayContaining([
        '.env.development',
        '.env.staging',
        '.env.production',
        'scenarios/hybrid.env',
        'scenarios/multi-tier.env',
      ]),
    );
  });

  it.each(files)('%s is valid for the schema the apps use', (file) => {
    expect(() => loadConfig(parseEnv(readFileSync(join(envDir, file), 'utf8')))).not.toThrow();
  });
});

describe('pnpm config:check', () => {
  it('prints the resolved, redacted configuration of a valid file', async () => {
    const { code, output } = await runApp(CONFIG_CHECK, {}, 30_000, [
      '--env-file',
      join(envDir, 'scenarios/small-production.env'),
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
