import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IDatabaseAdapter } from '@bharatmart/core';
import type { DatabaseFixtures } from './fixtures.js';

/** Migrations, health and close, the latter two also on a fresh adapter from `createAdapter`. */
export function describeLifecycleContract(
  fx: DatabaseFixtures,
  createAdapter: () => Promise<IDatabaseAdapter>,
): void {
  describe('migrations', () => {
    it('applies every migration, and a second latest() applies nothing', async () => {
      const status = await fx.db.migrations.status();
      expect(status.length).toBeGreaterThan(0);
      for (const migration of status) {
        expect(migration.appliedAt).toEqual(expect.any(String));
        expect(new Date(migration.appliedAt ?? '').toISOString()).toBe(migration.appliedAt);
      }
      expect(new Set(status.map((migration) => migration.name)).size).toBe(status.length);
      await expect(fx.db.migrations.latest()).resolves.toEqual([]);
    });
  });

  it('reads the identity a migration wrote, the same on every read', async () => {
    const identity = await fx.db.migrations.identity();
    expect(identity).toMatch(/^[0-9a-f-]{36}$/);
    await expect(fx.db.migrations.identity()).resolves.toBe(identity);
  });

  it('reports health up', async () => {
    const health = await fx.db.health();
    expect(health).toMatchObject({ status: 'up' });
    expect(health.latencyMs).toEqual(expect.any(Number));
  });

  describe('a fresh adapter', () => {
    let fresh: IDatabaseAdapter;
    beforeAll(async () => {
      fresh = await createAdapter();
    });
    afterAll(async () => {
      await fresh?.close();
    });

    it('applies each pending migration exactly once under concurrent latest() calls', async () => {
      const pending = (await fresh.migrations.status()).filter((migration) => !migration.appliedAt);
      const applied = (await Promise.all([fresh.migrations.latest(), fresh.migrations.latest()])).flat();
      expect(applied.sort()).toEqual(pending.map((migration) => migration.name).sort());
      const status = await fresh.migrations.status();
      expect(status.every((migration) => migration.appliedAt !== undefined)).toBe(true);
    });

    it('closes safely twice; afterwards health is down and calls fail UNAVAILABLE', async () => {
      await expect(fresh.health()).resolves.toMatchObject({ status: 'up' });
      await fresh.close();
      await expect(fresh.close()).resolves.toBeUndefined();
      await expect(fresh.health()).resolves.toMatchObject({ status: 'down' });
      await expect(fresh.products.count()).rejects.toMatchObject({
        name: 'AdapterError',
        code: 'UNAVAILABLE',
      });
    });
  });
}
