import { describeCacheContract } from '@bharatmart/testkit';
import { createMemoryCache } from '../src/index.js';

describeCacheContract('memory', async () => createMemoryCache());

describe('createMemoryCache', () => {
  it('makes room when maxKeys is reached by evicting the oldest key, instead of failing', async () => {
    const cache = createMemoryCache({ maxKeys: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('a', 10);
    expect([await cache.get('a'), await cache.get('b')]).toEqual([10, 2]);
    await cache.set('c', 3);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([undefined, 2, 3]);
    expect(await cache.getOrSet('d', async () => 4)).toBe(4);
    expect(await cache.get('b')).toBeUndefined();
    await cache.close();
  });

  it('rejects a TTL that is not whole seconds and a value without a JSON form, storing nothing', async () => {
    const cache = createMemoryCache();
    await expect(cache.set('k', 'v', 0.5)).rejects.toThrow(RangeError);
    await expect(cache.set('k', undefined)).rejects.toThrow(TypeError);
    let computed = 0;
    await expect(cache.getOrSet('k', async () => computed++, 0)).rejects.toThrow(RangeError);
    expect(computed).toBe(0);
    await expect(cache.getOrSet('k', async () => undefined)).rejects.toThrow(TypeError);
    expect(await cache.get('k')).toBeUndefined();
    await cache.close();
  });

  it('refuses bad options', () => {
    expect(() => createMemoryCache({ defaultTtlSeconds: 0 })).toThrow('defaultTtlSeconds');
    expect(() => createMemoryCache({ maxKeys: 0 })).toThrow('maxKeys');
  });

  it('reports down and refuses operations once closed', async () => {
    const cache = createMemoryCache();
    await cache.set('k', 'v');
    await cache.close();
    expect((await cache.health()).status).toBe('down');
    await expect(cache.get('k')).rejects.toMatchObject({ name: 'AdapterError', code: 'UNAVAILABLE' });
  });
});
