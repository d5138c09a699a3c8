import { describe, expect, it } from '@jest/globals';
import type { PendingJob } from '@bharatmart/core';
import type { DatabaseFixtures } from './fixtures.js';

/** OutboxRepository: pending -> dispatched -> completed, requeueing the unfinished, the backlog. */
export function describeOutboxContract(fx: DatabaseFixtures): void {
  const { pendingKeys, tick, job } = fx;
  describe('outbox', () => {
    const entryOf = async (key: string) =>
      (await fx.db.outbox.pending(100_000)).find((entry) => entry.key === key);

    it('adds jobs once per key and lists pending entries oldest first', async () => {
      const first: PendingJob = { ...job('outbox'), delayMs: 1_500 };
      await fx.db.outbox.add([first]);
      await tick();
      const second = job('outbox');
      await fx.db.outbox.add([second, first]);
      const pending = await fx.db.outbox.pending(100_000);
      const keys = pending.map((entry) => entry.key);
      expect(keys.filter((key) => key === first.key)).toHaveLength(1);
      expect(keys.indexOf(first.key)).toBeLessThan(keys.indexOf(second.key));
      expect(await entryOf(first.key)).toEqual({
        ...first,
        id: expect.any(String),
        createdAt: expect.any(String),
      });
      expect(await entryOf(second.key)).not.toHaveProperty('delayMs');
      expect(await fx.db.outbox.pending(1)).toHaveLength(1);
    });

    it('dispatches, requeues unfinished and completes entries', async () => {
      const [done, unfinished] = [job('outbox'), job('outbox')];
      await fx.db.outbox.add([done, unfinished]);
      const ids = [(await entryOf(done.key))?.id ?? '', (await entryOf(unfinished.key))?.id ?? ''];
      await fx.db.outbox.markDispatched(ids);
      expect(await pendingKeys()).not.toEqual(expect.arrayContaining([done.key]));
      expect(await pendingKeys()).not.toContain(unfinished.key);

      await fx.db.outbox.markCompleted(done.key);
      expect(await fx.db.outbox.requeueUnfinished()).toBeGreaterThanOrEqual(1);
      const keys = await pendingKeys();
      expect(keys).toContain(unfinished.key);
      expect(keys).not.toContain(done.key);

      await fx.db.outbox.markCompleted(unfinished.key);
      await fx.db.outbox.markDispatched([(await entryOf(unfinished.key))?.id ?? '']);
      expect(await pendingKeys()).not.toContain(unfinished.key);
      await fx.db.outbox.requeueUnfinished();
      expect(await pendingKeys()).not.toContain(unfinished.key);
    });

    it('reports the backlog: how many entries are pending and when the oldest was written', async () => {
      const drain = async () => {
        const ids = (await fx.db.outbox.pending(100_000)).map((entry) => entry.id);
        await fx.db.outbox.markDispatched(ids);
      };
      await drain();
      expect(await fx.db.outbox.backlog()).toEqual({ pending: 0 });

      const [older, newer] = [job('outbox'), job('outbox')];
      await fx.db.outbox.add([older]);
      await tick();
      await fx.db.outbox.add([newer]);
      const oldest = await entryOf(older.key);
      expect(await fx.db.outbox.backlog()).toEqual({ pending: 2, oldestPendingAt: oldest?.createdAt });

      await fx.db.outbox.markDispatched([oldest?.id ?? '']);
      expect(await fx.db.outbox.backlog()).toEqual({
        pending: 1,
        oldestPendingAt: (await entryOf(newer.key))?.createdAt,
      });
      await drain();
    });
  });
}
