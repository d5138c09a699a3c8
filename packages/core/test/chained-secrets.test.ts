import { describe, expect, it } from '@jest/globals';
import { AdapterError } from '../src/errors.js';
import { chainSecrets } from '../src/secrets/chained-secrets.js';
import { recordSecrets } from './secrets-fixtures.js';

describe('chainSecrets', () => {
  it('answers from the first provider that holds a name and reports which one', async () => {
    const vault = recordSecrets('vault', { DB_PASSWORD: 'from-vault' });
    const env = recordSecrets('env', { DB_PASSWORD: 'from-env', JWT_SECRET: 'jwt-from-env' });
    const resolved: [string, string][] = [];
    const chain = chainSecrets([vault.provider, env.provider], {
      onResolved: (name, providerName) => resolved.push([name, providerName]),
    });
    expect(chain.name).toBe('chain(vault,env)');
    expect(await chain.get('DB_PASSWORD')).toBe('from-vault');
    expect(await chain.get('JWT_SECRET')).toBe('jwt-from-env');
    expect(await chain.get('MISSING')).toBeUndefined();
    expect(resolved).toEqual([
      ['DB_PASSWORD', 'vault'],
      ['JWT_SECRET', 'env'],
    ]);
  });

  it('merges getMany across providers, earlier ones winning, absent names left out', async () => {
    const vault = recordSecrets('vault', { A: 'vault-a' });
    const env = recordSecrets('env', { A: 'env-a', B: 'env-b' });
    const chain = chainSecrets([vault.provider, env.provider]);
    expect(await chain.getMany(['A', 'B', 'C'])).toEqual({ A: 'vault-a', B: 'env-b' });
    expect(await chain.getMany([])).toEqual({});
  });

  it('skips a provider that throws, reports it, and answers from the next', async () => {
    const vault = recordSecrets('vault', { A: 'vault-a' });
    vault.state.failing = new Error('vault unreachable');
    const env = recordSecrets('env', { A: 'env-a', B: 'env-b' });
    const reports: { providerName: string; names: readonly string[]; error: unknown }[] = [];
    const chain = chainSecrets([vault.provider, env.provider], {
      onProviderError: (info) => reports.push(info),
    });
    expect(await chain.get('A')).toBe('env-a');
    expect(await chain.getMany(['A', 'B'])).toEqual({ A: 'env-a', B: 'env-b' });
    expect(reports.map((r) => [r.providerName, r.names])).toEqual([
      ['vault', ['A']],
      ['vault', ['A', 'B']],
    ]);
    expect(reports[0]?.error).toBe(vault.state.failing);
  });

  it('throws UNAVAILABLE when a provider failed and no other holds the name, naming no value', async () => {
    const vault = recordSecrets('vault', {});
    vault.state.failing = new Error('vault unreachable');
    const env = recordSecrets('env', { OTHER: 'other-secret-value' });
    const chain = chainSecrets([vault.provider, env.provider]);
    const error = await chain.get('DB_PASSWORD').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).code).toBe('UNAVAILABLE');
    expect((error as AdapterError).message).toContain('DB_PASSWORD');
    expect((error as AdapterError).message).toContain('vault');
    expect((error as AdapterError).cause).toBe(vault.state.failing);
    const many = await chain.getMany(['OTHER', 'DB_PASSWORD']).catch((e: unknown) => e);
    expect(many).toBeInstanceOf(AdapterError);
    expect((many as Error).message).toContain('DB_PASSWORD');
    expect((many as Error).message).not.toContain('other-secret-value');
  });

  it('is not fatal when every provider answered and none holds the name', async () => {
    const chain = chainSecrets([recordSecrets('a', {}).provider, recordSecrets('b', {}).provider]);
    expect(await chain.get('NOPE')).toBeUndefined();
    expect(await chain.getMany(['NOPE'])).toEqual({});
  });

  it('reports health up, degraded or down from its providers', async () => {
    const vault = recordSecrets('vault', {});
    const env = recordSecrets('env', {});
    const chain = chainSecrets([vault.provider, env.provider]);
    expect((await chain.health()).status).toBe('up');
    vault.state.failing = new Error('x');
    expect(await chain.health()).toMatchObject({ status: 'degraded', message: 'not up: vault' });
    env.state.failing = new Error('x');
    expect((await chain.health()).status).toBe('down');
  });

  it('closes every provider and refuses an empty chain', async () => {
    const a = recordSecrets('a', {});
    const b = recordSecrets('b', {});
    const chain = chainSecrets([a.provider, b.provider]);
    await chain.close();
    await chain.close();
    expect([a.state.closed, b.state.closed]).toEqual([2, 2]);
    expect(() => chainSecrets([])).toThrow(AdapterError);
  });
});
