import { afterAll, beforeAll, describe } from '@jest/globals';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { describeAddressContract } from './database-contract/addresses.js';
import { createDatabaseFixtures } from './database-contract/fixtures.js';
import { describeLifecycleContract } from './database-contract/lifecycle.js';
import { describeOrderContract } from './database-contract/orders.js';
import { describeOutboxContract } from './database-contract/outbox.js';
import { describePendingOrderCapContract } from './database-contract/pending-order-cap.js';
import { describeProductContract, describeProductSearchContract } from './database-contract/products.js';
import { describeRecordContract } from './database-contract/records.js';
import { describeRetentionContract } from './database-contract/retention.js';
import { describeUserContract } from './database-contract/users.js';

/**
 * The executable form of IDatabaseAdapter's promises; every database adapter runs it:
 *
 * ```ts
 * describeDatabaseContract('pglite (memory)', async () => createPgliteDatabase({ dataDir: 'memory://' }));
 * ```
 *
 * `createAdapter` is called twice: once for the adapter most tests share (migrated in `beforeAll`,
 * closed in `afterAll`), once for a fresh one whose migration and close are tested. Every test writes
 * its own uniquely named rows and asserts only about them, so the suite also runs against a database
 * shared with other runs (not with other writers of the outbox, whose global operations it calls).
 */
export function describeDatabaseContract(
  label: string,
  createAdapter: () => Promise<IDatabaseAdapter>,
): void {
  describe(`IDatabaseAdapter contract: ${label}`, () => {
    let db: IDatabaseAdapter | undefined;
    const fx = createDatabaseFixtures(() => {
      if (!db) throw new Error('the database contract adapter is not created yet');
      return db;
    });

    beforeAll(async () => {
      db = await createAdapter();
      await db.migrations.latest();
    });
    afterAll(async () => {
      await db?.close();
    });

    describeLifecycleContract(fx, createAdapter);
    describeProductContract(fx);
    describeProductSearchContract(fx);
    describeUserContract(fx);
    describeOrderContract(fx);
    describePendingOrderCapContract(fx);
    describeRecordContract(fx);
    describeAddressContract(fx);
    describeOutboxContract(fx);
    describeRetentionContract(fx);
  });
}
