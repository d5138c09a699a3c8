import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { describeCacheContract, describeWithService, freePort, serviceUrl } from '@bharatmart/testkit';
import { createMemcachedCache } from '../src/index.js';

const servers = serviceUrl('memcached');
const keyPrefix = `bharatmart-test-${randomUUID()}:`;

await describeWithService('memcached', 'createMemcachedCache', () => {
  // Memcached's clock ticks in whole seconds: a TTL of n s lasts between n - 1 and n seconds.
  describeCacheContract('memcached', async () => createMemcachedCache({ servers, keyPrefix }), {
    ttlGranularitySeconds: 2,
  });

  describe('memcached specifics', () => {
    const cache = createMemcachedCache({ servers, keyPrefix });
    afterAll(() => cache.close());

    it('drops the app’s namespaces across processes and counts only keys that were there', async () => {
      const other = createMemcachedCache({ servers, keyPrefix });
      await cache.set('products:list:{"page":1}', ['a'], 60);
      await cache.set('products:list:{"page":2}', ['b'], 60);
      await cache.set('products:list:{"page":2}', ['b2'], 60);
      await cache.set('products:item:p-1', { id: 'p-1' }, 60);
      await cache.set('products:item:p-2', { id: 'p-2' }, 60);
      await cache.delete('products:item:p-2');
      expect(await other.deleteByPrefix('products:list:')).toBe(2);
      expect(await cache.get('products:list:{"page":1}')).toBeUndefined();
      expect(await cache.get('products:item:p-1')).toEqual({ id: 'p-1' });
      expect(await other.deleteByPrefix('products:item:')).toBe(1);
      expect(await cache.get('products:item:p-1')).toBeUndefined();
      await other.close();
    });

    it('keeps a value computed across a prefix deletion unreachable instead of stale', async () => {
      let release = (): void => undefined;
      const slow = new Promise<void>((resolve) => (release = resolve));
      let computing = (): void => undefined;
      const started = new Promise<void>((resolve) => (computing = resolve));
      const pending = cache.getOrSet(
        'stale:list:all',
        async () => {
          // The generations were read before the computation starts: delete the prefix only now.
          computing();
          await slow;
          return 'old data';
        },
        60,
      );
      await started;
      await cache.deleteByPrefix('stale:list:');
      release();
      expect(await pending).toBe('old data');
      expect(await cache.get('stale:list:all')).toBeUndefined();
    });

    it('stores a set made after another process dropped the namespace under the new generation', async () => {
      const other = createMemcachedCache({ servers, keyPrefix });
      await cache.set('moved:list:a', 'first', 60);
      expect(await cache.get('moved:list:a')).toBe('first');
      // This process last saw the old generation; its next set writes with it and must notice.
      expect(await other.deleteByPrefix('moved:list:')).toBe(1);
      await cache.set('moved:list:a', 'second', 60);
      expect(await cache.get('moved:list:a')).toBe('second');
      expect(await other.get('moved:list:a')).toBe('second');
      expect(await other.deleteByPrefix('moved:list:')).toBe(1);
      expect(await cache.get('moved:list:a')).toBeUndefined();
      await other.close();
    });

    it('refuses prefixes that are not namespaces instead of pretending', async () => {
      for (const prefix of ['products', 'products:li', 'a:b:c:', '']) {
        await expect(cache.deleteByPrefix(prefix)).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
      }
      const deep = createMemcachedCache({ servers, keyPrefix, namespaceDepth: 3 });
      await deep.set('a:b:c:1', 1, 60);
      expect(await deep.deleteByPrefix('a:b:c:')).toBe(1);
      await deep.close();
    });

    it('stores keys memcached could not take as they are (long, spaces, unicode)', async () => {
      const long = `long:${'x'.repeat(400)}`;
      await cache.set(long, 'long', 60);
      await cache.set('spaced key:with\nnewline', 'spaced', 60);
      await cache.set('unicode:हिन्दी', 'unicode', 60);
      expect(await cache.get(long)).toBe('long');
      expect(await cache.get('spaced key:with\nnewline')).toBe('spaced');
      expect(await cache.deleteByPrefix('long:')).toBe(1);
      expect(await cache.get(long)).toBeUndefined();
      expect(await cache.get('unicode:हिन्दी')).toBe('unicode');
    });

    it('rejects a bad TTL or a value without a JSON form before calling memcached', async () => {
      await expect(cache.set('k', 'v', 1.5)).rejects.toThrow(RangeError);
      await expect(cache.set('k', undefined)).rejects.toThrow(TypeError);
      let computed = 0;
      await expect(cache.getOrSet('k', async () => computed++, 0)).rejects.toThrow(RangeError);
      expect(computed).toBe(0);
    });

    it('fails with UNAVAILABLE when nothing listens, reports down, and refuses calls once closed', async () => {
      const dead = createMemcachedCache({ servers: `127.0.0.1:${await freePort()}`, keyPrefix });
      await expect(dead.get('k')).rejects.toMatchObject({
        name: 'AdapterError',
        adapter: 'memcached',
        code: 'UNAVAILABLE',
      });
      expect((await dead.health()).status).toBe('down');
      await dead.close();
      await expect(dead.get('k')).rejects.toThrow('cache is closed');
    });

    it('refuses bad options', () => {
      expect(() => createMemcachedCache({ servers: ' ' })).toThrow('servers');
      expect(() => createMemcachedCache({ servers, keyPrefix: 'has space' })).toThrow('keyPrefix');
      expect(() => createMemcachedCache({ servers, timeoutMs: 0 })).toThrow('timeoutMs');
      expect(() => createMemcachedCache({ servers, namespaceDepth: 0 })).toThrow('namespaceDepth');
    });
  });
});
