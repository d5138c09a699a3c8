import { describe, expect, it } from '@jest/globals';
import { ConfigError, PORTS, defineBackend, loadBackend, loadConfig, parseBackend } from '../src/index.js';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('backend descriptors', () => {
  it('read a prefixed copy of their variables, naming the prefixed variables in issues', () => {
    const postgresql = PORTS.database.backends.postgresql;
    const next = parseBackend(
      postgresql,
      { NEXT_DATABASE_URL: 'postgres://shop:pw@next-db/shop', DATABASE_URL: 'postgres://old-db/shop' },
      { because: 'NEXT_DATABASE_TYPE=postgresql', prefix: 'NEXT_' },
    );
    expect(next.issues).toEqual([]);
    expect(next.config).toMatchObject({ type: 'postgresql', url: 'postgres://shop:pw@next-db/shop' });
    expect(next.credentials).toEqual(['postgres://shop:pw@next-db/shop']);
    const missing = parseBackend(
      postgresql,
      { NEXT_POSTGRES_PORT: 'x' },
      {
        because: 'NEXT_DATABASE_TYPE=postgresql',
        prefix: 'NEXT_',
      },
    );
    expect(missing.issues.map((issue) => `${issue.variable}: ${issue.message}`)).toEqual([
      "NEXT_POSTGRES_PORT: 'x' is invalid: Invalid input: expected number, received NaN",
      'NEXT_POSTGRES_HOST: is required when NEXT_DATABASE_TYPE=postgresql and DATABASE_URL is not set',
      'NEXT_POSTGRES_DB: is required when NEXT_DATABASE_TYPE=postgresql and DATABASE_URL is not set',
      'NEXT_POSTGRES_USER: is required when NEXT_DATABASE_TYPE=postgresql and DATABASE_URL is not set',
    ]);
  });

  it('supabase without SUPABASE_DB_URL is refused by the configuration, before any adapter is made', () => {
    const error = configError(() =>
      loadConfig({ DATABASE_TYPE: 'supabase', SUPABASE_URL: 'https://project.supabase.co' }),
    );
    expect(error.message).toContain('SUPABASE_DB_URL: is required when DATABASE_TYPE=supabase');
  });

  it('refuses a failover pair of two different databases, saying why; accepts one database reached two ways', () => {
    const pair = {
      DATABASE_TYPE: 'postgresql',
      DATABASE_URL: 'postgres://db/shop',
      DATABASE_FALLBACK_TYPE: 'mysql',
      MYSQL_URL: 'mysql://db/shop',
    };
    expect(configError(() => loadConfig(pair)).message).toContain(
      'DATABASE_FALLBACK_TYPE: mysql cannot stand in for DATABASE_TYPE=postgresql: they are two databases (postgresql and mysql) whose data would diverge; a failover pair must be one database reached two ways (supabase and postgresql, both postgresql)',
    );
    expect(
      configError(() =>
        loadConfig({
          ...pair,
          DATABASE_FALLBACK_TYPE: 'oci-autonomous',
          OCI_DB_CONNECTION_STRING: 'shop_high',
          OCI_DB_USER: 'SHOP',
        }),
      ).issues.map((issue) => issue.variable),
    ).toEqual(['DATABASE_FALLBACK_TYPE']);
    const config = loadConfig({
      DATABASE_TYPE: 'supabase',
      SUPABASE_URL: 'https://project.supabase.co',
      SUPABASE_DB_URL: 'postgres://db/postgres',
      DATABASE_FALLBACK_TYPE: 'postgresql',
      DATABASE_URL: 'postgres://db/postgres',
    });
    expect(config.databaseFallback?.type).toBe('postgresql');
  });

  it('a backend whose package is not installed stops with "install <package> to use <choice>"', async () => {
    const specifier = '@bharatmart/database-not-installed';
    const phantom = defineBackend({
      name: 'phantom',
      package: specifier,
      summary: 'a backend whose package is missing',
      variables: {},
      resolve: () => ({ type: 'phantom' as const }),
      load: () => import(specifier) as Promise<unknown>,
      create: async () => undefined,
    });
    await expect(
      loadBackend(phantom, { variable: 'DATABASE_TYPE', because: 'DATABASE_TYPE=phantom' }),
    ).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringContaining(`DATABASE_TYPE: install ${specifier} to use DATABASE_TYPE=phantom`),
    });
  });

  it('a failure inside an installed package is passed on, not mistaken for a missing package', async () => {
    const brokenModule = './fixtures/missing-import.js';
    const broken = defineBackend({
      name: 'broken',
      package: '@bharatmart/database-pglite',
      summary: 'an adapter whose import fails',
      variables: {},
      resolve: () => ({ type: 'broken' as const }),
      load: () => import(brokenModule) as Promise<unknown>,
      create: async () => undefined,
    });
    await expect(
      loadBackend(broken, { variable: 'DATABASE_TYPE', because: 'DATABASE_TYPE=broken' }),
    ).rejects.not.toBeInstanceOf(ConfigError);
  });
});
