import { describe, expect, it } from '@jest/globals';
import { measureHealth } from '../src/ports/health.js';
import { defineSecrets } from '../src/secrets/define-secrets.js';

/** A provider over `values` that only supplies `get`, counting the names it is asked for. */
function getOnly(values: Record<string, string>, failing?: Error) {
  const asked: string[] = [];
  const provider = defineSecrets({
    name: 'get-only',
    async get(name) {
      asked.push(name);
      if (failing) throw failing;
      return Object.hasOwn(values, name) ? values[name] : undefined;
    },
    health: () => measureHealth(async () => undefined),
    async close() {},
  });
  return { provider, asked };
}

describe('defineSecrets', () => {
  it('supplies getMany from get: held names only, each distinct name asked once', async () => {
    const { provider, asked } = getOnly({ A: 'a', B: 'b' });
    expect(await provider.getMany(['A', 'MISSING', 'B', 'A'])).toEqual({ A: 'a', B: 'b' });
    expect(asked.sort()).toEqual(['A', 'B', 'MISSING']);
    expect(await provider.getMany([])).toEqual({});
  });

  it('keeps a name like __proto__ an own property of the answer', async () => {
    const { provider } = getOnly({ ['__proto__']: 'p' });
    const answer = await provider.getMany(['__proto__']);
    expect(Object.hasOwn(answer, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(answer)).toBe(Object.prototype);
  });

  it('rejects getMany with the failure of a get', async () => {
    const { provider } = getOnly({ A: 'a' }, new Error('vault unreachable'));
    await expect(provider.getMany(['A'])).rejects.toThrow('vault unreachable');
  });

  it('keeps the getMany a backend supplies, and every other member', async () => {
    const provider = defineSecrets({
      name: 'batched',
      get: async () => undefined,
      getMany: async () => ({ FROM: 'batch' }),
      health: () => measureHealth(async () => undefined),
      async close() {},
    });
    expect(provider.name).toBe('batched');
    expect(await provider.getMany(['X'])).toEqual({ FROM: 'batch' });
  });
});
