import { afterAll, beforeAll, it } from '@jest/globals';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import { describeWithService, usePostgresTestDatabase } from '@bharatmart/testkit';
import { expectSwitchUnderLoad, SLOW_TEST_MS } from './switch-load.js';

/**
 * `postgresql → oci-autonomous`, live: a PostgreSQL shop (on this machine's PostgreSQL) switched to a
 * new Oracle schema from `openOracle` under a small steady write load. Every write that returned is
 * on Oracle afterwards, read through the domain, the empty descriptions as ''; the source refuses
 * writes and records the flip; Oracle takes orders.
 */
export async function describeSwitchToOracle(openOracle: () => Promise<IDatabaseAdapter>): Promise<void> {
  await describeWithService('postgres', 'live switch postgresql → oci-autonomous', () => {
    const from = usePostgresTestDatabase('switch_to_oracle');
    let source: IDatabaseAdapter | undefined;
    let target: IDatabaseAdapter | undefined;
    beforeAll(async () => {
      source = createPostgresDatabase({ connectionString: from().url });
      target = await openOracle();
    });
    afterAll(async () => {
      await source?.close();
      await target?.close();
    });

    it(
      'moves the shop under load: no write that returned is lost or different, empty descriptions arrive as NULL and read as ""',
      async () => {
        if (!source || !target) throw new Error('the databases are not open');
        await expectSwitchUnderLoad(source, target, {
          targetType: 'oci-autonomous',
          sourceFamily: 'postgres',
        });
      },
      SLOW_TEST_MS,
    );
  });
}
