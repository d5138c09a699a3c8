import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import {
  abortSwitch,
  COPY_TABLES,
  hasSqlAccess,
  readSwitchRecord,
  switchDatabase,
} from '@bharatmart/database-sql';
import { describeWithService, usePostgresTestDatabase } from '@bharatmart/testkit';
import { expectSwitchUnderLoad, seed, SLOW_TEST_MS } from './switch-load.js';

/** The capture triggers the switch left on an Oracle source, by name. */
async function captureTriggers(db: IDatabaseAdapter): Promise<string[]> {
  if (!hasSqlAccess(db)) throw new Error('no SQL access');
  const { rows } = await sql<{ name: string }>`select trigger_name "name" from user_triggers
    where trigger_name like ${'bharatmart_switch_capture_%'}`.execute(db.sqlAccess.db);
  return rows.map((row) => row.name);
}

/**
 * `oci-autonomous → postgresql`, live: an Oracle shop (a new schema from `openOracle`) switched to
 * this machine's PostgreSQL under a small steady write load, through the capture triggers and the
 * fence in PL/SQL. Every write that returned is on PostgreSQL afterwards, the empty descriptions
 * (NULL on Oracle) as ''; Oracle refuses writes with WRITES_PAUSED and records the flip; PostgreSQL
 * takes orders. And `--abort` on an Oracle source: a switch stopped after installing its triggers
 * leaves writes flowing, and the abort drops the triggers and marks the source idle.
 */
export async function describeSwitchFromOracle(openOracle: () => Promise<IDatabaseAdapter>): Promise<void> {
  await describeWithService('postgres', 'live switch oci-autonomous → postgresql', () => {
    const to = usePostgresTestDatabase('switch_from_oracle');
    let source: IDatabaseAdapter | undefined;
    let target: IDatabaseAdapter | undefined;
    beforeAll(async () => {
      source = await openOracle();
      target = createPostgresDatabase({ connectionString: to().url });
    });
    afterAll(async () => {
      await source?.close();
      await target?.close();
    });

    it(
      'aborts a switch that stopped after installing its triggers: writes flow meanwhile, the abort drops the triggers and leaves the source idle',
      async () => {
        if (!target) throw new Error('the databases are not open');
        // A schema of its own: the switch under load below starts from a shop no switch has touched.
        const aborted = await openOracle();
        try {
          if (!hasSqlAccess(aborted)) throw new Error('no SQL access');
          const shop = await seed(aborted);
          const stopped = new Error('stopped before the copy');
          await expect(
            switchDatabase({
              source: aborted,
              target,
              targetType: 'postgresql',
              onEvent: (event) => {
                if (event.kind === 'phase' && event.phase === 'copy') throw stopped;
              },
            }),
          ).rejects.toBe(stopped);
          expect(await captureTriggers(aborted)).toHaveLength(COPY_TABLES.length);
          await expect(readSwitchRecord(aborted.sqlAccess, 'oracle')).resolves.toMatchObject({
            phase: 'capturing',
          });
          const [product] = shop.products;
          await expect(
            aborted.products.update(product!.id, { name: 'while capturing' }),
          ).resolves.toBeDefined();

          await abortSwitch(aborted);
          expect(await captureTriggers(aborted)).toEqual([]);
          await expect(readSwitchRecord(aborted.sqlAccess, 'oracle')).resolves.toMatchObject({
            phase: 'idle',
          });
          await expect(
            aborted.products.update(product!.id, { name: 'after the abort' }),
          ).resolves.toBeDefined();
        } finally {
          await aborted.close();
        }
      },
      SLOW_TEST_MS,
    );

    it(
      'moves the shop under load: no write that returned is lost or different, NULL descriptions arrive as ""',
      async () => {
        if (!source || !target) throw new Error('the databases are not open');
        await expectSwitchUnderLoad(source, target, { targetType: 'postgresql', sourceFamily: 'oracle' });
      },
      SLOW_TEST_MS,
    );
  });
}
