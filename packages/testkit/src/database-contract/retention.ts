import { describe, expect, it } from '@jest/globals';
import type { DatabaseFixtures } from './fixtures.js';

/** Pruning what is kept only for deduplication: relayed outbox entries and order idempotency keys. */
export function describeRetentionContract(fx: DatabaseFixtures): void {
  const { job, newProduct, newUser, pendingKeys, unique } = fx;
  const BATCH = 2;
  const afterNow = () => new Date(Date.now() + 60_000).toISOString();
  const beforeNow = () => new Date(Date.now() - 60_000).toISOString();

  /** Calls `prune` until it deletes nothing, checking that no call deletes more than BATCH. */
  const pruneAll = async (prune: (limit: number) => Promise<number>) => {
    const batches: number[] = [];
    for (let batch = BATCH; batch > 0;) {
      batch = await prune(BATCH);
      batches.push(batch);
    }
    expect(Math.max(...batches)).toBeLessThanOrEqual(BATCH);
  };

  describe('outbox pruning', () => {
    it('deletes relayed entries older than the cutoff in bounded batches, never a pending one', async () => {
      const [waiting, dispatched, completed] = [job('prune'), job('prune'), job('prune')];
      await fx.db.outbox.add([waiting, dispatched, completed]);
      const ids = (await fx.db.outbox.pending(100_000))
        .filter((entry) => entry.key === dispatched.key || entry.key === completed.key)
        .map((entry) => entry.id);
      await fx.db.outbox.markDispatched(ids);
      await fx.db.outbox.markCompleted(completed.key);
      // Re-adding a key the outbox still holds is skipped; a pruned key comes back as pending.
      const survives = async (key: string, entry: typeof dispatched) => {
        await fx.db.outbox.add([entry]);
        return !(await pendingKeys()).includes(key);
      };

      await fx.db.outbox.pruneRelayed({
        createdBefore: beforeNow(),
        limit: 100_000,
        includeDispatched: true,
      });
      expect(await survives(completed.key, completed)).toBe(true);

      await pruneAll((limit) =>
        fx.db.outbox.pruneRelayed({ createdBefore: afterNow(), limit, includeDispatched: false }),
      );
      expect(await pendingKeys()).toContain(waiting.key);
      expect(await survives(dispatched.key, dispatched)).toBe(true);
      expect(await survives(completed.key, completed)).toBe(false);

      await pruneAll((limit) =>
        fx.db.outbox.pruneRelayed({ createdBefore: afterNow(), limit, includeDispatched: true }),
      );
      expect(await survives(dispatched.key, dispatched)).toBe(false);
      expect(await pendingKeys()).toEqual(expect.arrayContaining([waiting.key, completed.key]));
    });
  });

  describe('idempotency key pruning', () => {
    it('deletes keys claimed before the cutoff in bounded batches; a pruned key then places a new order', async () => {
      const user = await newUser();
      const product = await newProduct({ stock: 10 });
      const create = (idempotencyKey: string) =>
        fx.db.orders.create({
          userId: user.id,
          items: [{ productId: product.id, quantity: 1 }],
          idempotencyKey,
          requestHash: 'hash',
          jobs: () => [],
        });
      const keys = [unique('key'), unique('key'), unique('key')];
      const first = await Promise.all(keys.map(create));

      await fx.db.orders.pruneIdempotencyKeys({ createdBefore: beforeNow(), limit: 100_000 });
      await expect(create(keys[0] ?? '')).resolves.toEqual({ order: first[0]?.order, created: false });

      await pruneAll((limit) => fx.db.orders.pruneIdempotencyKeys({ createdBefore: afterNow(), limit }));
      const again = await Promise.all(keys.map(create));
      expect(again.map((result) => result.created)).toEqual([true, true, true]);
      expect(new Set([...first, ...again].map((result) => result.order.id)).size).toBe(6);
    });
  });
}
