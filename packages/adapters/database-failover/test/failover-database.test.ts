import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DomainError,
  pendingJob,
  type IDatabaseAdapter,
  type Order,
  type Product,
  type User,
} from '@bharatmart/core';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import { describeWithService, usePostgresTestDatabase, waitUntil } from '@bharatmart/testkit';
import {
  createFailoverDatabase,
  isFailoverDatabase,
  type DatabasePath,
  type FailoverDatabase,
  type FailoverHealthStatus,
} from '../src/index.js';
import { recordingLogger, type LogEntry } from './recording-logger.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const FAILURE_THRESHOLD = 3;
const HALF_OPEN_AFTER_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Entries a human reads: everything above debug. */
const visible = (entries: LogEntry[]) =>
  entries.filter((entry) => entry.level !== 'debug').map(({ level, message }) => ({ level, message }));

describe('createFailoverDatabase options', () => {
  it('refuses a threshold or delay that is not a whole number in range', () => {
    const side = { name: 'x' } as IDatabaseAdapter;
    const create = (breaker: object) =>
      createFailoverDatabase({ primary: side, fallback: side, logger: recordingLogger([]), breaker });
    expect(() => create({ failureThreshold: 0 })).toThrow(expect.objectContaining({ code: 'MISCONFIGURED' }));
    expect(() => create({ halfOpenAfterMs: -1 })).toThrow(expect.objectContaining({ code: 'MISCONFIGURED' }));
  });
});

await describeWithService('postgres', 'failover database', () => {
  const database = usePostgresTestDatabase('failover');

  describe('primary through a TCP proxy, fallback direct, on the same database', () => {
    const log: LogEntry[] = [];
    let proxy: TcpProxy;
    let fallback: IDatabaseAdapter;
    let db: FailoverDatabase;
    let product: Product;
    let scarce: Product;
    let user: User;
    let migrated: string[];

    beforeAll(async () => {
      const direct = new URL(database().url);
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port) || 5432 });
      const viaProxy = new URL(database().url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      fallback = createPostgresDatabase({ connectionString: database().url, applicationName: 'fallback' });
      db = createFailoverDatabase({
        primary: createPostgresDatabase({
          connectionString: viaProxy.toString(),
          applicationName: 'primary',
          connectionTimeoutMs: 1_000,
        }),
        fallback,
        logger: recordingLogger(log),
        breaker: { failureThreshold: FAILURE_THRESHOLD, halfOpenAfterMs: HALF_OPEN_AFTER_MS },
      });
      migrated = await db.migrations.latest();
      const stocked = {
        currency: 'INR',
        category: 'failover',
        description: 'sold while failing over',
      } as const;
      product = await db.products.create({
        ...stocked,
        sku: 'FO-1',
        name: 'Plenty',
        price: 1_000,
        stock: 10_000,
      });
      scarce = await db.products.create({ ...stocked, sku: 'FO-2', name: 'Scarce', price: 5_000, stock: 2 });
      user = await db.users.create({
        email: 'Failover@Example.in',
        name: 'Failover Buyer',
        passwordHash: 'x',
        role: 'customer',
      });
    });
    afterAll(async () => {
      await db?.close();
      await proxy?.close();
    });

    it('names both sides, shows as a failover, and migrates both', async () => {
      expect(db.name).toBe('failover(postgresql,postgresql)');
      expect(isFailoverDatabase(db)).toBe(true);
      expect(isFailoverDatabase(fallback)).toBe(false);
      expect(migrated.length).toBeGreaterThan(0);
      await expect(db.migrations.latest()).resolves.toEqual([]);
      expect((await db.migrations.status()).every((migration) => migration.appliedAt)).toBe(true);
      await expect(db.health()).resolves.toMatchObject({
        status: 'up',
        activePath: 'primary',
        primary: { name: 'postgresql', status: 'up' },
        fallback: { name: 'postgresql', status: 'up' },
      });
    });

    it('passes DomainErrors through unchanged and never opens the circuit for them', async () => {
      const logged = log.length;
      const forwarded = proxy.forwardedBytes;
      for (let attempt = 0; attempt < 4 * FAILURE_THRESHOLD; attempt++) {
        const items = [{ productId: scarce.id, quantity: scarce.stock + 1 }];
        const error = await db.orders.create({ userId: user.id, items, jobs: () => [] }).catch((e) => e);
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { productIds: [scarce.id] } });
        const again = {
          email: 'FAILOVER@example.in',
          name: 'Twin',
          passwordHash: 'x',
          role: 'customer' as const,
        };
        await expect(db.users.create(again)).rejects.toMatchObject({
          name: 'DomainError',
          code: 'EMAIL_TAKEN',
        });
      }
      expect(db.activePath()).toBe('primary');
      expect(proxy.forwardedBytes).toBeGreaterThan(forwarded);
      expect(log.slice(logged)).toEqual([]);
      await expect(db.products.get(scarce.id)).resolves.toEqual(scarce);
    });

    it('serves 500 sequential operations without a failure while the primary goes away and comes back', async () => {
      const logged = log.length;
      const ordersBefore = (await db.orders.list({ limit: 1, offset: 0 })).total;
      const failures: { index: number; error: unknown }[] = [];
      const paths: DatabasePath[] = [];
      const onFallback: FailoverHealthStatus[] = [];
      let forwardedWhileOff = 0;
      let created = 0;
      let last: Order | undefined;

      const operation = async (index: number): Promise<unknown> => {
        switch (index % 4) {
          case 0: {
            const items = [{ productId: product.id, quantity: 1 }];
            const jobs = (orderId: string) => [pendingJob('payment.charge', { orderId }, orderId)];
            last = (await db.orders.create({ userId: user.id, items, jobs })).order;
            created++;
            return last;
          }
          case 1:
            return db.products.get(product.id);
          case 2:
            return last && db.orders.get(last.id);
          default:
            return (await db.products.list({ category: 'failover', limit: 10, offset: 0 })).items[0];
        }
      };

      for (let index = 0; index < 500; index++) {
        if (index === 200) {
          proxy.disable();
          forwardedWhileOff = proxy.forwardedBytes;
        }
        // A probe comes due while the primary is still gone: it fails over like any other call.
        if (index === 300) await sleep(HALF_OPEN_AFTER_MS + 50);
        if (index === 350) {
          onFallback.push(await db.health());
          await expect(db.migrations.latest()).resolves.toEqual([]);
        }
        if (index === 400) {
          expect(proxy.forwardedBytes).toBe(forwardedWhileOff);
          proxy.enable();
          // The primary serves again once a probe (the call made when one is due) reaches it; until
          // then calls keep to the fallback, and each failed probe waits HALF_OPEN_AFTER_MS for the next.
          await waitUntil('the primary to serve again', 30_000, async () => {
            try {
              await db.products.get(product.id);
            } catch (error) {
              failures.push({ index, error });
            }
            return db.activePath() === 'primary';
          });
        }
        try {
          if ((await operation(index)) === undefined) throw new Error('no result');
        } catch (error) {
          failures.push({ index, error });
        }
        paths.push(db.activePath());
      }

      expect(failures).toEqual([]);
      expect(new Set(paths.slice(0, 200 + FAILURE_THRESHOLD - 1))).toEqual(new Set(['primary']));
      expect(new Set(paths.slice(200 + FAILURE_THRESHOLD - 1, 400))).toEqual(new Set(['fallback']));
      expect(new Set(paths.slice(400))).toEqual(new Set(['primary']));
      expect(proxy.forwardedBytes).toBeGreaterThan(forwardedWhileOff);
      expect(onFallback).toEqual([
        expect.objectContaining({
          status: 'degraded',
          activePath: 'fallback',
          primary: expect.objectContaining({ status: 'down' }),
          fallback: expect.objectContaining({ status: 'up' }),
        }),
      ]);
      expect(visible(log.slice(logged))).toEqual([
        {
          level: 'warn',
          message: 'database primary postgresql unavailable; serving from the fallback postgresql',
        },
        // The migrations applied on the fallback; the primary's outage is noted once, not a failure.
        { level: 'warn', message: 'migrations skipped on postgresql: unavailable' },
        // Migrating while the primary is down: it serves again only once its identity matches.
        {
          level: 'warn',
          message:
            'database postgresql is unreachable at start; it serves only after it proves to be the same database as postgresql',
        },
        { level: 'info', message: 'database primary postgresql answers again; serving from it' },
      ]);

      // Both paths wrote the same data: every order and its stock, read back through the primary.
      expect(created).toBe(125);
      expect((await db.orders.list({ limit: 1, offset: 0 })).total).toBe(ordersBefore + created);
      await expect(db.products.get(product.id)).resolves.toMatchObject({ stock: product.stock - created });
      await expect(db.outbox.pending(1_000)).resolves.toHaveLength(created);
      expect(db.activePath()).toBe('primary');
      await expect(db.health()).resolves.toMatchObject({ status: 'up', activePath: 'primary' });
    });
  });
});
