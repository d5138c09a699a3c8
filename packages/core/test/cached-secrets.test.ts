import { describe, expect, it } from '@jest/globals';
import { reportsSecretsCache } from '../src/ports/secrets.js';
import { cacheSecrets } from '../src/secrets/cached-secrets.js';
import { pollUntil, recordSecrets, sleep } from './secrets-fixtures.js';

const TTL = 0.05;

describe('cacheSecrets', () => {
  it('serves a fetched value from memory until its TTL has passed', async () => {
    const backend = recordSecrets('env', { DB_PASSWORD: 'first' });
    const secrets = cacheSecrets(backend.provider, { ttlSeconds: 60 });
    expect(await secrets.get('DB_PASSWORD')).toBe('first');
    backend.values.DB_PASSWORD = 'second';
    expect(await secrets.get('DB_PASSWORD')).toBe('first');
    expect(await secrets.getMany(['DB_PASSWORD'])).toEqual({ DB_PASSWORD: 'first' });
    expect(backend.state.calls).toBe(1);
    expect(secrets.name).toBe('env');
  });

  it('picks up a rotated value after the TTL through a background refresh, without a restart', async () => {
    const backend = recordSecrets('env', { DB_PASSWORD: 'first' });
    const secrets = cacheSecrets(backend.provider, { ttlSeconds: TTL });
    expect(await secrets.get('DB_PASSWORD')).toBe('first');
    backend.values.DB_PASSWORD = 'rotated';
    await sleep(TTL * 1000 + 20);
    // The stale value is served at once while the refresh runs.
    expect(await secrets.get('DB_PASSWORD')).toBe('first');
    expect(
      await pollUntil(
        () => secrets.get('DB_PASSWORD'),
        (v) => v === 'rotated',
      ),
    ).toBe('rotated');
  });

  it('keeps the last known value when a refresh fails and reports the failure without the value', async () => {
    const reports: { name: string; error: unknown }[] = [];
    const backend = recordSecrets('vault', { API_KEY: 's3cr3t-value' });
    const secrets = cacheSecrets(backend.provider, {
      ttlSeconds: TTL,
      onRefreshError: (name, error) => reports.push({ name, error }),
    });
    expect(await secrets.get('API_KEY')).toBe('s3cr3t-value');
    backend.state.failing = new Error('vault unreachable');
    await sleep(TTL * 1000 + 20);
    expect(await secrets.get('API_KEY')).toBe('s3cr3t-value');
    await pollUntil(
      async () => reports.length,
      (n) => n > 0,
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]?.name).toBe('API_KEY');
    expect(reports[0]?.error).toBe(backend.state.failing);
    expect(JSON.stringify(reports) + String(reports[0]?.error)).not.toContain('s3cr3t-value');
    expect(await secrets.getMany(['API_KEY'])).toEqual({ API_KEY: 's3cr3t-value' });

    backend.state.failing = undefined;
    backend.values.API_KEY = 'next-value';
    expect(
      await pollUntil(
        () => secrets.get('API_KEY'),
        (v) => v === 'next-value',
      ),
    ).toBe('next-value');
  });

  it('reports when its oldest answer was fetched and how many refreshes failed (SecretsCacheReporting)', async () => {
    const backend = recordSecrets('vault', { API_KEY: 'v', DB_PASSWORD: 'p' });
    const secrets = cacheSecrets(backend.provider, { ttlSeconds: TTL });
    expect(reportsSecretsCache(secrets)).toBe(true);
    expect(secrets.cacheState()).toEqual({ refreshFailures: 0 });
    const before = Date.now();
    await secrets.get('API_KEY');
    const first = secrets.cacheState().oldestFetchedAt ?? 0;
    expect(first).toBeGreaterThanOrEqual(before);
    await sleep(10);
    await secrets.get('DB_PASSWORD');
    expect(secrets.cacheState().oldestFetchedAt).toBe(first);

    backend.state.failing = new Error('vault unreachable');
    await sleep(TTL * 1000 + 20);
    await secrets.get('API_KEY');
    await pollUntil(
      async () => secrets.cacheState().refreshFailures,
      (n) => n > 0,
    );
    // A failed refresh keeps the old answer, so the age keeps growing.
    expect(secrets.cacheState()).toEqual({ oldestFetchedAt: first, refreshFailures: 1 });
    expect(reportsSecretsCache(backend.provider)).toBe(false);
  });

  it('survives a reporter that throws', async () => {
    const backend = recordSecrets('vault', { API_KEY: 'v' });
    let reported = 0;
    const secrets = cacheSecrets(backend.provider, {
      ttlSeconds: TTL,
      onRefreshError: () => {
        reported += 1;
        throw new Error('reporter broke');
      },
    });
    await secrets.get('API_KEY');
    backend.state.failing = new Error('down');
    await sleep(TTL * 1000 + 20);
    expect(await secrets.get('API_KEY')).toBe('v');
    await pollUntil(
      async () => reported,
      (n) => n > 0,
    );
    expect(reported).toBe(1);
  });

  it('throws on a first fetch that fails, since there is no value to keep', async () => {
    const backend = recordSecrets('vault', {});
    backend.state.failing = new Error('vault unreachable');
    const secrets = cacheSecrets(backend.provider, { ttlSeconds: 60 });
    await expect(secrets.get('API_KEY')).rejects.toThrow('vault unreachable');
    await expect(secrets.getMany(['API_KEY'])).rejects.toThrow('vault unreachable');
    backend.state.failing = undefined;
    backend.values.API_KEY = 'v';
    expect(await secrets.get('API_KEY')).toBe('v');
  });

  it('caches "not held" answers too and notices a secret that appears later', async () => {
    const backend = recordSecrets('env', {});
    const secrets = cacheSecrets(backend.provider, { ttlSeconds: TTL });
    expect(await secrets.get('LATE')).toBeUndefined();
    expect(await secrets.get('LATE')).toBeUndefined();
    expect(backend.state.calls).toBe(1);
    backend.values.LATE = 'arrived';
    expect(
      await pollUntil(
        () => secrets.get('LATE'),
        (v) => v === 'arrived',
      ),
    ).toBe('arrived');
  });

  it('fetches missing names of getMany in one call and leaves absent names out', async () => {
    const backend = recordSecrets('env', { A: '1', B: '2' });
    const secrets = cacheSecrets(backend.provider, { ttlSeconds: 60 });
    expect(await secrets.getMany(['A', 'B', 'C', 'A'])).toEqual({ A: '1', B: '2' });
    expect(backend.state.calls).toBe(1);
    expect(await secrets.get('C')).toBeUndefined();
    expect(await secrets.getMany(['__proto__', 'A'])).toEqual({ A: '1' });
    expect(backend.state.calls).toBe(2);
  });

  it('lets concurrent first reads of one name share a single fetch', async () => {
    const backend = recordSecrets('env', { A: '1' });
    const secrets = cacheSecrets(backend.provider, { ttlSeconds: 60 });
    const values = await Promise.all(Array.from({ length: 10 }, () => secrets.get('A')));
    expect(values).toEqual(Array(10).fill('1'));
    expect(backend.state.calls).toBe(1);
  });

  it('rejects a TTL that is not a positive number', () => {
    const { provider } = recordSecrets('env', {});
    expect(() => cacheSecrets(provider, { ttlSeconds: 0 })).toThrow(RangeError);
    expect(() => cacheSecrets(provider, { ttlSeconds: Number.NaN })).toThrow(RangeError);
  });

  it('delegates health and close to the provider, forgetting cached values', async () => {
    const backend = recordSecrets('env', { A: '1' });
    const secrets = cacheSecrets(backend.provider, { ttlSeconds: 60 });
    expect((await secrets.health()).status).toBe('up');
    backend.state.failing = new Error('down');
    expect((await secrets.health()).status).toBe('down');
    backend.state.failing = undefined;
    await secrets.get('A');
    await secrets.close();
    await secrets.close();
    expect(backend.state.closed).toBe(2);
    backend.values.A = 'after-close';
    expect(await secrets.get('A')).toBe('after-close');
  });
});
