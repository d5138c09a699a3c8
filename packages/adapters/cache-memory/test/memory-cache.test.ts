import { describeCacheContract } from '@bharatmart/testkit';
import { createMemoryCache } from '../src/index.js';

describeCacheContract('memory', async () => createMemoryCache());

describe('createMemoryCache', () => {
  it('keeps 200,000 distinct keys within its byte bound by evicting the least recently used', async () => {
    const maxBytes = 4 * 1024 * 1024;
    const cache = createMemoryCache({ maxBytes });
    const page = JSON.stringify({
      items: Array.from({ length: 5 }, (_, i) => ({ id: i, name: 'x'.repeat(40) })),
    });
    await cache.set('products:item:hot', 'kept while read', 600);
    let peak = 0;
    for (let i = 0; i < 200_000; i++) {
      await cache.getOrSet(`products:list:{"q":"${i}"}`, async () => page, 300);
      if (i % 1000 === 0) expect(await cache.get('products:item:hot')).toBe('kept while read');
      peak = Math.max(peak, cache.usage().bytes);
    }
    const { bytes, entries } = cache.usage();
    expect(peak).toBeLessThanOrEqual(maxBytes);
    expect(bytes).toBeGreaterThan(maxBytes * 0.9);
    expect(entries).toBeLessThan(20_000);
    expect(await cache.get('products:list:{"q":"0"}')).toBeUndefined();
    expect(await cache.get('products:list:{"q":"199999"}')).toBe(page);
    expect(await cache.get('products:item:hot')).toBe('kept while read');
    await cache.close();
  });

  it('makes room when maxKeys is reached by evicting the least recently used key, instead of failing', async () => {
    const cache = createMemoryCache({ maxKeys: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('a', 10);
    expect([await cache.get('b'), await cache.get('a')]).toEqual([2, 10]);
    await cache.set('c', 3);
    expect([await cache.get('b'), await cache.get('a'), await cache.get('c')]).toEqual([undefined, 10, 3]);
    expect(await cache.getOrSet('d', async () => 4)).toBe(4);
    expect(await cache.get('a')).toBeUndefined();
    await cache.close();
  });

  it('does not store an entry larger than the whole bound', async () => {
    const cache = createMemoryCache({ maxBytes: 1000 });
    await cache.set('small', 'fits');
    await cache.set('big', 'x'.repeat(1000));
    expect(await cache.get('big')).toBeUndefined();
    expect(await cache.get('small')).toBe('fits');
    expect(cache.usage().bytes).toBeLessThanOrEqual(1000);
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
    expect(() => createMemoryCache({ maxBytes: 0.5 })).toThrow('maxBytes');
  });

  it('reports down and refuses operations once closed', async () => {
    const cache = createMemoryCache();
    await cache.set('k', 'v');
    await cache.close();
    expect((await cache.health()).status).toBe('down');
    await expect(cache.get('k')).rejects.toMatchObject({ name: 'AdapterError', code: 'UNAVAILABLE' });
  });
});
