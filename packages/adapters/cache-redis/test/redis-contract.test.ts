import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { describeCacheContract, describeWithService, freePort, serviceUrl } from '@bharatmart/testkit';
import { createRedisCache } from '../src/index.js';

const url = serviceUrl('redis');
const keyPrefix = `bharatmart-test-${randomUUID()}:`;

await describeWithService('redis', 'createRedisCache', () => {
  describeCacheContract('redis', async () => createRedisCache({ url, keyPrefix }));

  describe('redis specifics', () => {
    const raw = new Redis(url, { lazyConnect: true });
    afterAll(async () => {
      const cleanup = createRedisCache({ url, keyPrefix });
      await cleanup.deleteByPrefix('');
      await cleanup.close();
      raw.disconnect();
    });

    it('stores JSON under the deployment key prefix, invisibly to callers, with the TTL', async () => {
      const cache = createRedisCache({ url, keyPrefix });
      await cache.set('products:item:1', { id: 1 }, 120);
      expect(await raw.get(`${keyPrefix}products:item:1`)).toBe('{"id":1}');
      expect(await raw.ttl(`${keyPrefix}products:item:1`)).toBeGreaterThan(100);
      const other = createRedisCache({ url, keyPrefix: `${keyPrefix}other:` });
      expect(await other.get('products:item:1')).toBeUndefined();
      expect(await other.deleteByPrefix('products:')).toBe(0);
      expect(await cache.get('products:item:1')).toEqual({ id: 1 });
      await Promise.all([cache.close(), other.close()]);
    });

    it('deletes by prefix in batches and treats glob characters in the prefix literally', async () => {
      const cache = createRedisCache({ url, keyPrefix });
      await Promise.all(Array.from({ length: 1200 }, (_, i) => cache.set(`bulk:${i}`, i, 60)));
      await cache.set('glob*:a', 'star', 60);
      await cache.set('globx:a', 'x', 60);
      expect(await cache.deleteByPrefix('glob*:')).toBe(1);
      expect(await cache.get('globx:a')).toBe('x');
      expect(await cache.deleteByPrefix('bulk:')).toBe(1200);
      expect(await cache.get('bulk:7')).toBeUndefined();
      await cache.close();
    });

    it('rejects a bad TTL or a value without a JSON form before calling redis', async () => {
      const cache = createRedisCache({ url, keyPrefix });
      await expect(cache.set('k', 'v', 1.5)).rejects.toThrow(RangeError);
      await expect(cache.set('k', undefined)).rejects.toThrow(TypeError);
      let computed = 0;
      await expect(cache.getOrSet('k', async () => computed++, 0)).rejects.toThrow(RangeError);
      expect(computed).toBe(0);
      expect(await cache.get('k')).toBeUndefined();
      await cache.close();
    });

    it('fails with UNAVAILABLE when nothing listens, and reports down', async () => {
      const cache = createRedisCache({ url: `redis://127.0.0.1:${await freePort()}`, keyPrefix });
      await expect(cache.get('k')).rejects.toMatchObject({
        name: 'AdapterError',
        adapter: 'redis',
        code: 'UNAVAILABLE',
      });
      await expect(cache.getOrSet('k', async () => 1)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect((await cache.health()).status).toBe('down');
      await cache.close();
    });

    it('refuses operations once closed', async () => {
      const cache = createRedisCache({ url, keyPrefix });
      await cache.set('k', 1, 60);
      await cache.close();
      await expect(cache.get('k')).rejects.toThrow('cache is closed');
      expect((await cache.health()).status).toBe('down');
    });

    it('refuses bad options', () => {
      expect(() => createRedisCache({ url: '' })).toThrow('url');
      expect(() => createRedisCache({ url, defaultTtlSeconds: 0 })).toThrow('defaultTtlSeconds');
      expect(() => createRedisCache({ url, commandTimeoutMs: 0.5 })).toThrow('commandTimeoutMs');
    });
  });
});
