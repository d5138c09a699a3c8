import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isAdapterError, pendingJob, type IDatabaseAdapter } from '@bharatmart/core';
import { createMysqlDatabase } from '@bharatmart/database-mysql';
import { createPgliteDatabase, PGLITE_MEMORY } from '@bharatmart/database-pglite';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import { createSupabaseDatabase } from '@bharatmart/database-supabase';
import {
  abortSwitch,
  hasSqlAccess,
  readSwitchRecord,
  switchDatabase,
  type SwitchEvent,
  type SwitchPhaseName,
} from '@bharatmart/database-sql';
import { startSupabaseStandin, type SupabaseStandin } from '@bharatmart/supabase-standin';
import { describeWithService, useMysqlTestDatabase, usePostgresTestDatabase } from '@bharatmart/testkit';
import { seedShop, startShopLoad } from './shop-load.js';

type Pair = () =>
  | { source: IDatabaseAdapter; target: IDatabaseAdapter; targetType: string }
  | Promise<{ source: IDatabaseAdapter; target: IDatabaseAdapter; targetType: string }>;

/** A switch under load takes seconds; on a busy CI machine, allow minutes. */
const SLOW_TEST_MS = 180_000;

/** Generous limits: the suites share two cores with everything else CI runs. */
const PATIENT = { connectionTimeoutMs: 30_000, statementTimeoutMs: 30_000 };

async function expectWritesRefused(db: IDatabaseAdapter): Promise<void> {
  const product = (await db.products.list({ limit: 1, offset: 0 })).items[0]!;
  await expect(db.products.update(product.id, { name: 'after the flip' })).rejects.toMatchObject({
    code: 'WRITES_PAUSED',
  });
}

/** This package's folder, from which a script run by `node -e` finds the workspace's packages. */
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Renames a product of the PostgreSQL database at `url` from another process and returns once the
 * update committed. A switch's event callback is not awaited by the engine: called from one, this
 * blocks the switch, so the change is made before the switch takes its next step.
 */
function renameInAnotherProcess(url: string, productId: string, name: string): void {
  const script = `
    const { createPostgresDatabase } = await import('@bharatmart/database-postgres');
    const db = createPostgresDatabase({ connectionString: process.env.DATABASE_URL });
    try {
      const updated = await db.products.update(process.env.PRODUCT_ID, { name: process.env.PRODUCT_NAME });
      if (!updated) throw new Error('no product ' + process.env.PRODUCT_ID);
    } finally {
      await db.close();
    }`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, PRODUCT_ID: productId, PRODUCT_NAME: name },
    stdio: 'pipe',
    timeout: 60_000,
  });
}

/** Order ids and product names as the domain reads them, to compare two databases. */
async function shopState(db: IDatabaseAdapter, orderIds: string[]) {
  const orders = await Promise.all(orderIds.map((id) => db.orders.get(id)));
  const products = (await db.products.list({ limit: 100, offset: 0 })).items;
  return { orders, products };
}

function describeSwitch(title: string, pair: Pair, load: { customers: number; thinkTimeMs: number }) {
  describe(title, () => {
    let source: IDatabaseAdapter;
    let target: IDatabaseAdapter;
    let targetType: string;
    beforeAll(async () => {
      ({ source, target, targetType } = await pair());
    });
    afterAll(async () => {
      await source?.close();
      await target?.close();
    });

    it(
      'moves a shop under a steady load of orders, cancellations and edits: no write that returned is lost or different, none commits after the fence',
      async () => {
        const shop = await seedShop(source, load.customers);
        await target.migrations.latest();
        const writers = startShopLoad(() => source, shop, load.thinkTimeMs);
        await writers.succeeded(5);
        const events: SwitchEvent[] = [];
        let fenceRaisedAt = Number.POSITIVE_INFINITY;
        // A write that arrives once the fence is up: whether a writer of the load happens to hit
        // the fence's short window is a matter of timing, so the test makes one such write itself.
        let writeUnderFence: Promise<unknown> | undefined;
        // And one while the copy runs (a field no writer of the load touches), which the copy may or
        // may not see but the change log always does.
        let writeDuringCopy: Promise<unknown> | undefined;
        const report = await switchDatabase({
          source,
          target,
          targetType,
          fenceAtLag: 20,
          batchSize: 100,
          onEvent: (event) => {
            events.push(event);
            if (event.kind === 'phase' && event.phase === 'copy' && event.state === 'start') {
              writeDuringCopy = source.products.update(shop.products[1]!.id, {
                description: 'written during the copy',
              });
            }
            if (event.kind === 'phase' && event.phase === 'fence' && event.state === 'done') {
              fenceRaisedAt = performance.now();
              writeUnderFence = source.products
                .update(shop.products[0]!.id, { name: 'written under the fence' })
                .then(
                  () => 'written',
                  (error: unknown) => error,
                );
            }
          },
        });
        const outcome = await writers.stop();

        expect(outcome.failures).toEqual([]);
        expect(report.verification.filter((table) => !table.match)).toEqual([]);
        // The load ran through the switch: its writes were copied and caught up; the fence refused
        // what came after it.
        expect(outcome.orders.length).toBeGreaterThanOrEqual(10);
        await expect(writeDuringCopy).resolves.toMatchObject({ description: 'written during the copy' });
        expect(report.appliedChanges).toBeGreaterThan(0);
        expect(isAdapterError(await writeUnderFence, 'WRITES_PAUSED')).toBe(true);
        expect(outcome.successStarts.filter((started) => started > fenceRaisedAt)).toEqual([]);
        const phases = events.flatMap((event) =>
          event.kind === 'phase' && event.state === 'done' ? [event.phase] : [],
        );
        expect(phases).toEqual(
          expect.arrayContaining([
            'prepare',
            'copy',
            'catch-up',
            'fence',
            'final-catch-up',
            'verify',
            'flip',
          ]),
        );

        const onTarget = await shopState(target, outcome.orders);
        expect(onTarget).toEqual(await shopState(source, outcome.orders));
        expect(onTarget.orders.every(Boolean)).toBe(true);
        for (const id of outcome.cancelled) {
          expect(onTarget.orders.find((order) => order?.id === id)?.status).toBe('cancelled');
        }
        expect(onTarget.products.find((product) => product.id === shop.products[1]!.id)?.description).toBe(
          'written during the copy',
        );
        for (const [id, name] of outcome.names) {
          expect(onTarget.products.find((product) => product.id === id)?.name).toBe(name);
        }
        await expectWritesRefused(source);
        await expect(target.outbox.pending(10_000)).resolves.toEqual(await source.outbox.pending(10_000));
        if (!hasSqlAccess(source)) throw new Error('no SQL access');
        await expect(
          readSwitchRecord(source.sqlAccess, source.sqlAccess.features.dialect as 'postgres'),
        ).resolves.toMatchObject({
          phase: 'flipped',
          target: targetType,
          switchId: report.switchId,
        });
        // The target takes writes.
        const [user] = (await target.orders.list({ limit: 1, offset: 0 })).items;
        await expect(
          target.orders.create({
            userId: user!.userId,
            items: [{ productId: shop.products[0]!.id, quantity: 1 }],
            jobs: (orderId) => [pendingJob('payment.charge', { orderId }, `after-${orderId}`)],
          }),
        ).resolves.toMatchObject({ created: true });
      },
      SLOW_TEST_MS,
    );

    it('refuses to switch a source that has already flipped, naming the target', async () => {
      await expect(switchDatabase({ source, target, targetType })).rejects.toThrow(
        new RegExp(`already switched to ${targetType}`),
      );
      await expect(abortSwitch(source)).rejects.toThrow(/to go back, switch from/);
    });
  });
}

/**
 * A switch that stops at each phase (as if its process died there) leaves the source serving — at
 * once, or once the fence's lease runs out — and a new switch completes.
 */
function describeInterruptions(title: string, pair: Pair, targetUrl: () => string) {
  describe(title, () => {
    let source: IDatabaseAdapter;
    let target: IDatabaseAdapter;
    let targetType: string;
    beforeAll(async () => {
      ({ source, target, targetType } = await pair());
      await seedShop(source, 2);
    });
    afterAll(async () => {
      await source?.close();
      await target?.close();
    });

    const crashPoints: SwitchPhaseName[] = ['copy', 'catch-up', 'final-catch-up', 'verify', 'flip'];
    it.each(crashPoints)(
      'stopped as %s starts: the source still takes writes, and a new switch starts over',
      async (crashAt) => {
        const crash = new Error(`crashed at ${crashAt}`);
        await expect(
          switchDatabase({
            source,
            target,
            targetType,
            fenceLeaseMs: 500,
            onEvent: (event) => {
              if (event.kind === 'phase' && event.phase === crashAt && event.state === 'start') throw crash;
            },
          }),
        ).rejects.toBe(crash);
        const product = (await source.products.list({ limit: 1, offset: 0 })).items[0]!;
        // Before the fence, writes flow at once; a fence left behind lets them through after its lease.
        for (let attempt = 0; ; attempt++) {
          try {
            await source.products.update(product.id, { name: `written after a crash at ${crashAt}` });
            break;
          } catch (error) {
            if (!isAdapterError(error, 'WRITES_PAUSED') || attempt > 50) throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      },
    );

    it(
      'never flips onto a target whose rows differ from the source in a way the change log does not explain',
      async () => {
        const product = (await source.products.list({ limit: 1, offset: 0 })).items[0]!;
        let tampered = false;
        await expect(
          switchDatabase({
            source,
            target,
            targetType,
            onEvent: (event) => {
              // After the copy, behind the switch's back: only the target changes, so nothing is logged.
              // The change commits before the switch goes on, so before it compares any row.
              if (event.kind === 'phase' && event.phase === 'catch-up' && !tampered) {
                tampered = true;
                renameInAnotherProcess(targetUrl(), product.id, 'changed on the target only');
              }
            },
          }),
        ).rejects.toThrow(/did not flip: verification found differences in products/);
        await expect(target.products.get(product.id)).resolves.toMatchObject({
          name: 'changed on the target only',
        });
        if (!hasSqlAccess(source)) throw new Error('no SQL access');
        const family = source.sqlAccess.features.dialect as 'postgres';
        await expect(readSwitchRecord(source.sqlAccess, family)).resolves.toMatchObject({
          phase: 'capturing',
        });
      },
      SLOW_TEST_MS,
    );

    it(
      'aborts an unfinished switch, leaving no capture behind, then completes a new one',
      async () => {
        await abortSwitch(source);
        if (!hasSqlAccess(source)) throw new Error('no SQL access');
        const family = source.sqlAccess.features.dialect as 'postgres';
        await expect(readSwitchRecord(source.sqlAccess, family)).resolves.toMatchObject({ phase: 'idle' });
        const report = await switchDatabase({ source, target, targetType });
        expect(report.verification.filter((table) => !table.match)).toEqual([]);
        const product = (await source.products.list({ limit: 1, offset: 0 })).items[0]!;
        await expect(target.products.get(product.id)).resolves.toEqual(product);
      },
      SLOW_TEST_MS,
    );
  });
}

await describeWithService('postgres', 'live switch pglite → postgresql', () => {
  const to = usePostgresTestDatabase('switch_from_pglite');
  describeSwitch(
    'under load',
    () => ({
      source: createPgliteDatabase({ dataDir: PGLITE_MEMORY }),
      target: createPostgresDatabase({ connectionString: to().url, ...PATIENT }),
      targetType: 'postgresql',
    }),
    { customers: 2, thinkTimeMs: 50 },
  );
});

await describeWithService(['postgres', 'mariadb'], 'live switch postgresql → mysql', () => {
  const from = usePostgresTestDatabase('switch_to_mysql');
  const to = useMysqlTestDatabase('switch_from_postgres');
  describeSwitch(
    'under load',
    () => ({
      source: createPostgresDatabase({ connectionString: from().url, ...PATIENT }),
      target: createMysqlDatabase({ uri: to().url }),
      targetType: 'mysql',
    }),
    { customers: 4, thinkTimeMs: 10 },
  );
});

await describeWithService(['postgres', 'mariadb'], 'live switch mysql → postgresql', () => {
  const from = useMysqlTestDatabase('switch_to_postgres');
  const to = usePostgresTestDatabase('switch_from_mysql');
  describeSwitch(
    'under load',
    () => ({
      source: createMysqlDatabase({ uri: from().url }),
      target: createPostgresDatabase({ connectionString: to().url, ...PATIENT }),
      targetType: 'postgresql',
    }),
    { customers: 4, thinkTimeMs: 10 },
  );
});

await describeWithService('postgres', 'live switch supabase → postgresql', () => {
  const from = usePostgresTestDatabase('switch_from_supabase');
  const to = usePostgresTestDatabase('switch_to_postgres');
  let standin: SupabaseStandin | undefined;
  afterAll(() => standin?.stop());
  describeSwitch(
    'under load, the shop writing through the PostgREST stand-in',
    async () => {
      standin = await startSupabaseStandin({
        databaseUrl: from().url,
        jwtSecret: randomBytes(32).toString('hex'),
      });
      return {
        source: createSupabaseDatabase({
          url: standin.url,
          serviceRoleKey: standin.serviceRoleKey,
          dbUrl: from().url,
        }),
        target: createPostgresDatabase({ connectionString: to().url, ...PATIENT }),
        targetType: 'postgresql',
      };
    },
    { customers: 2, thinkTimeMs: 20 },
  );
});

await describeWithService(['postgres', 'mariadb'], 'live switch mysql → postgresql, interrupted', () => {
  const crashFrom = useMysqlTestDatabase('switch_crash_mysql');
  const crashTo = usePostgresTestDatabase('switch_crash_postgres');
  describeInterruptions(
    'interrupted at each phase',
    () => ({
      source: createMysqlDatabase({ uri: crashFrom().url }),
      target: createPostgresDatabase({ connectionString: crashTo().url, ...PATIENT }),
      targetType: 'postgresql',
    }),
    () => crashTo().url,
  );
});

await describeWithService('postgres', 'live switch postgresql → postgresql, interrupted', () => {
  const crashFrom = usePostgresTestDatabase('switch_crash_pg_from');
  const crashTo = usePostgresTestDatabase('switch_crash_pg_to');
  describeInterruptions(
    'interrupted at each phase',
    () => ({
      source: createPostgresDatabase({ connectionString: crashFrom().url, ...PATIENT }),
      target: createPostgresDatabase({ connectionString: crashTo().url, ...PATIENT }),
      targetType: 'postgresql',
    }),
    () => crashTo().url,
  );
});
