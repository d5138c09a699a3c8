import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ICacheAdapter } from '@bharatmart/core';

/** What a cache backend honestly cannot do more finely. */
export interface CacheContractOptions {
  /** Smallest TTL step the backend honours, in seconds; the expiry test uses it. Default 1. */
  ttlGranularitySeconds?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The ICacheAdapter contract. `createAdapter` must return a fresh, connected adapter; the suite
 * uses keys under a random prefix, removes them afterwards and closes the adapter after each test,
 * so it can run against a shared server.
 */
export function describeCacheContract(
  label: string,
  createAdapter: () => Promise<ICacheAdapter>,
  options: CacheContractOptions = {},
): void {
  const ttlSeconds = Math.max(1, Math.ceil(options.ttlGranularitySeconds ?? 1));

  describe(`${label}: ICacheAdapter contract`, () => {
    let cache: ICacheAdapter | undefined;
    let ns = '';
    const open = async (): Promise<ICacheAdapter> => {
      ns = `contract-${randomUUID()}:`;
      return (cache = await createAdapter());
    };

    afterEach(async () => {
      if (!cache) return;
      await cache.deleteByPrefix(ns).catch(() => 0);
      await cache.close();
      cache = undefined;
    });

    it('gets what was set, overwrites, and forgets deleted keys', async () => {
      const c = await open();
      expect(await c.get(`${ns}k`)).toBeUndefined();
      await c.set(`${ns}k`, 'one', 60);
      expect(await c.get(`${ns}k`)).toBe('one');
      await c.set(`${ns}k`, 'two');
      expect(await c.get(`${ns}k`)).toBe('two');
      await c.delete(`${ns}k`);
      expect(await c.get(`${ns}k`)).toBeUndefined();
      await expect(c.delete(`${ns}never-set`)).resolves.toBeUndefined();
    });

    it('round-trips every JSON value kind, telling null and falsy values from absence', async () => {
      const c = await open();
      const values: unknown[] = [
        { id: 'p-1', price: { amount: 49900, currency: 'INR' }, tags: ['a', 'b'], active: true, note: null },
        [1, 'two', null, { three: false }, []],
        0,
        -12.5,
        '',
        'text with unicode ✓ हिन्दी',
        true,
        false,
        null,
      ];
      await Promise.all(values.map((value, i) => c.set(`${ns}v${i}`, value, 60)));
      for (const [i, value] of values.entries()) {
        expect(await c.get(`${ns}v${i}`)).toEqual(value);
      }
    });

    it('does not hand out live references to stored objects', async () => {
      const c = await open();
      const original = { qty: 1, items: ['a'] };
      await c.set(`${ns}obj`, original, 60);
      original.qty = 2;
      original.items.push('mutated-after-set');
      const first = await c.get<{ qty: number; items: string[] }>(`${ns}obj`);
      expect(first).toEqual({ qty: 1, items: ['a'] });
      first?.items.push('mutated-after-get');
      expect(await c.get(`${ns}obj`)).toEqual({ qty: 1, items: ['a'] });
      const computed = await c.getOrSet(`${ns}computed`, async () => ({ list: [1] }), 60);
      computed.list.push(2);
      expect(await c.get(`${ns}computed`)).toEqual({ list: [1] });
    });

    it(`expires a key after its TTL (${ttlSeconds} s) and keeps longer-lived keys`, async () => {
      const c = await open();
      await c.set(`${ns}short`, 'soon gone', ttlSeconds);
      await c.set(`${ns}long`, 'stays', 3600);
      expect(await c.get(`${ns}short`)).toBe('soon gone');
      await sleep(ttlSeconds * 1000 + 1200);
      expect(await c.get(`${ns}short`)).toBeUndefined();
      expect(await c.get(`${ns}long`)).toBe('stays');
    });

    it('deletes by prefix, counting removed keys and leaving other keys alone', async () => {
      const c = await open();
      await Promise.all([
        c.set(`${ns}product:1`, 1, 60),
        c.set(`${ns}product:2`, 2, 60),
        c.set(`${ns}products`, 'list', 60),
        c.set(`${ns}category:1`, 'c', 60),
      ]);
      expect(await c.deleteByPrefix(`${ns}product:`)).toBe(2);
      expect(await c.get(`${ns}product:1`)).toBeUndefined();
      expect(await c.get(`${ns}product:2`)).toBeUndefined();
      expect(await c.get(`${ns}products`)).toBe('list');
      expect(await c.get(`${ns}category:1`)).toBe('c');
      expect(await c.deleteByPrefix(`${ns}nothing-here:`)).toBe(0);
    });

    it('getOrSet computes once for 20 concurrent callers and stores the result', async () => {
      const c = await open();
      let computations = 0;
      const compute = async (): Promise<{ n: number }> => {
        computations += 1;
        await sleep(50);
        return { n: 42 };
      };
      const results = await Promise.all(
        Array.from({ length: 20 }, () => c.getOrSet(`${ns}hot`, compute, 60)),
      );
      expect(computations).toBe(1);
      expect(results).toEqual(Array(20).fill({ n: 42 }));
      expect(await c.get(`${ns}hot`)).toEqual({ n: 42 });
    });

    it('getOrSet returns a stored value without computing', async () => {
      const c = await open();
      await c.set(`${ns}present`, 'cached', 60);
      let computations = 0;
      const value = await c.getOrSet(`${ns}present`, async () => (computations++, 'fresh'), 60);
      expect(value).toBe('cached');
      expect(computations).toBe(0);
    });

    it('getOrSet gives every waiting caller the error, stores nothing, and computes again later', async () => {
      const c = await open();
      let computations = 0;
      const failing = async (): Promise<string> => {
        computations += 1;
        await sleep(30);
        throw new Error('source unavailable');
      };
      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, () => c.getOrSet(`${ns}bad`, failing, 60)),
      );
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect(String((outcome as PromiseRejectedResult).reason)).toContain('source unavailable');
      }
      expect(computations).toBe(1);
      expect(await c.get(`${ns}bad`)).toBeUndefined();
      expect(await c.getOrSet(`${ns}bad`, async () => 'recovered', 60)).toBe('recovered');
      expect(await c.get(`${ns}bad`)).toBe('recovered');
    });

    it('has a name, reports healthy, and can be closed twice', async () => {
      const c = await open();
      expect(c.name).toMatch(/\S/);
      const health = await c.health();
      expect(health.status).toBe('up');
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
      await c.deleteByPrefix(ns);
      await c.close();
      await expect(c.close()).resolves.toBeUndefined();
      cache = undefined;
    });
  });
}
