import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  createMysqlTestDatabase,
  createPostgresTestDatabase,
  describeWithService,
  eventually,
  freePort,
  privateRedisServer,
  runApp,
} from '@bharatmart/testkit';
import { createPgliteDatabase } from '@bharatmart/database-pglite';
import { startSupabaseStandin } from '@bharatmart/supabase-standin';
import type { ChildServer, MysqlTestDatabase, PostgresTestDatabase, RunningApp } from '@bharatmart/testkit';
import type { TestApi } from './support.js';
import { callsByBackend, registerCustomer, startTestApi, startTestWorker, testEnv } from './support.js';

const DB_SWITCH = fileURLToPath(new URL('../../../packages/runtime/dist/cli/db-switch.js', import.meta.url));

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

/** What the shop's clients saw while the database moved under them. */
interface Traffic {
  placed: string[];
  /** Answers to writes other than 2xx (status and error code); 503 (writes paused) is allowed, nothing else is. */
  refusedWrites: string[];
  failedReads: number[];
  /** The last name each admin edit that answered 200 gave the product. */
  names: Map<string, string>;
  reads: number;
}

/**
 * Customers placing orders, an admin renaming products and anonymous readers, in parallel loops
 * until `stop()`; every answer is recorded.
 */
interface RunningTraffic {
  /**
   * Resolves once `placed` more orders were placed and `reads` more reads answered, counted from this
   * call; throws if the traffic stalls for a minute.
   */
  more(placed: number, reads: number): Promise<void>;
  stop(): Promise<Traffic>;
}

async function startTraffic(api: TestApi): Promise<RunningTraffic> {
  const traffic: Traffic = { placed: [], refusedWrites: [], failedReads: [], names: new Map(), reads: 0 };
  const customers = await Promise.all([
    registerCustomer(api.client, 'Asha'),
    registerCustomer(api.client, 'Ravi'),
  ]);
  const products = (await api.client.get('/api/v1/products?limit=6')).body.items as {
    id: string;
    name: string;
  }[];
  for (const product of products) {
    const restocked = await api.client.patch(
      `/api/v1/products/${product.id}`,
      { stock: 1_000_000 },
      { token: api.adminToken },
    );
    if (restocked.status !== 200) throw new Error(`restocking failed: ${restocked.status}`);
  }
  let running = true;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 15));
  const loops = [
    ...customers.map(async (customer, index) => {
      for (let step = 0; running; step++) {
        const response = await api.client.post(
          '/api/v1/orders',
          { items: [{ productId: products[(index + step) % products.length]!.id, quantity: 1 }] },
          { token: customer.token, headers: { 'idempotency-key': `switch-${index}-${step}` } },
        );
        if (response.status === 201) traffic.placed.push(response.body.id);
        else traffic.refusedWrites.push(`${response.status} ${response.body?.error?.code}`);
        await pause();
      }
    }),
    (async () => {
      for (let step = 0; running; step++) {
        const product = products[step % products.length]!;
        const name = `${product.name} (edit ${step})`;
        const response = await api.client.patch(
          `/api/v1/products/${product.id}`,
          { name },
          { token: api.adminToken },
        );
        if (response.status === 200) traffic.names.set(product.id, name);
        else traffic.refusedWrites.push(`${response.status} ${response.body?.error?.code}`);
        await pause();
      }
    })(),
    (async () => {
      for (let step = 0; running; step++) {
        const response = await api.client.get(
          step % 2
            ? '/api/v1/products?search=tea'
            : `/api/v1/products/${products[step % products.length]!.id}`,
        );
        traffic.reads++;
        if (response.status !== 200) traffic.failedReads.push(response.status);
        await pause();
      }
    })(),
  ];
  return {
    async more(placed, reads) {
      const goal = { placed: traffic.placed.length + placed, reads: traffic.reads + reads };
      const reached = await eventually(
        async () => traffic.placed.length >= goal.placed && traffic.reads >= goal.reads,
        60_000,
        20,
      );
      if (!reached) throw new Error(`the traffic stalled: ${JSON.stringify({ goal, traffic })}`);
    },
    async stop() {
      running = false;
      await Promise.all(loops);
      return traffic;
    },
  };
}

async function servingDatabase(api: TestApi): Promise<string | undefined> {
  const ready = await api.client.get('/readyz');
  return (ready.body.adapters as { name: string; type: string }[]).find((entry) => entry.name === 'database')
    ?.type;
}

/** One side of a CLI switch: a fresh database, the settings that point at it, and raw reads of it. */
interface Side {
  type: 'postgresql' | 'mysql' | 'supabase';
  database: PostgresTestDatabase | MysqlTestDatabase;
  /** Its settings under `prefix` (empty or `NEXT_`). */
  settings(prefix: string): Record<string, string>;
  /** `columns` of the rows of `table` with these ids, keyed by id (placeholders differ between the two). */
  rows(table: string, columns: string, ids: string[]): Promise<Map<string, Record<string, unknown>>>;
  /** How many charges the payments table holds per order. */
  charges(orderIds: string[]): Promise<Map<string, number>>;
}

async function createSide(type: Side['type'], label: string): Promise<Side> {
  const database =
    type === 'mysql' ? await createMysqlTestDatabase(label) : await createPostgresTestDatabase(label);
  cleanup.push(() => database.drop());
  // Supabase: its PostgREST stand-in in front of the PostgreSQL database, as in the backends suite.
  const standin =
    type === 'supabase'
      ? await startSupabaseStandin({ databaseUrl: database.url, jwtSecret: randomBytes(32).toString('hex') })
      : undefined;
  if (standin) cleanup.push(() => standin.stop());
  const anyOf = (column: string) => (type === 'mysql' ? `${column} in (?)` : `${column} = any($1)`);
  return {
    type,
    database,
    settings: (prefix): Record<string, string> =>
      standin
        ? {
            [`${prefix}DATABASE_TYPE`]: 'supabase',
            [`${prefix}SUPABASE_URL`]: standin.url,
            [`${prefix}SUPABASE_SERVICE_ROLE_KEY`]: standin.serviceRoleKey,
            [`${prefix}SUPABASE_DB_URL`]: database.url,
          }
        : type === 'postgresql'
          ? { [`${prefix}DATABASE_TYPE`]: 'postgresql', [`${prefix}DATABASE_URL`]: database.url }
          : { [`${prefix}DATABASE_TYPE`]: 'mysql', [`${prefix}MYSQL_URL`]: database.url },
    rows: async (table, columns, ids) =>
      new Map(
        (await database.query(`select id, ${columns} from ${table} where ${anyOf('id')}`, [ids])).map(
          (row) => [String(row.id), row],
        ),
      ),
    charges: async (orderIds) =>
      new Map(
        (
          await database.query(
            `select order_id, count(*) as charges from payments where kind = 'charge' and ${anyOf('order_id')} group by order_id`,
            [orderIds],
          )
        ).map((row) => [String(row.order_id), Number(row.charges)]),
      ),
  };
}

function describeCliSwitch(from: Side['type'], to: Side['type']): Promise<void> {
  return describeWithService(
    ['postgres', 'mariadb', 'redis'],
    `pnpm db:switch ${from} → ${to} under load`,
    () => {
      it(`moves the API and two BullMQ workers to ${to} without a restart: no failed read, every 201 order on the target and charged once, every edit there`, async () => {
        const source = await createSide(from, 'switch_source');
        const target = await createSide(to, 'switch_target');
        const port = await freePort();
        const redis: ChildServer = privateRedisServer(port);
        await redis.start();
        cleanup.push(() => redis.kill());
        const env = {
          ...source.settings(''),
          ...target.settings('NEXT_'),
          WORKER_MODE: 'bull-queue',
          QUEUE_REDIS_URL: `redis://127.0.0.1:${port}`,
          // Product reads are cached for a second, so the checks below read the target, not the cache.
          CACHE_DEFAULT_TTL_SECONDS: '1',
          CACHE_LIST_TTL_SECONDS: '1',
          ORDER_MAX_PENDING_PER_CUSTOMER: '0',
        };
        const api = await startTestApi(env);
        cleanup.push(() => api.app.stop());
        const workers: RunningApp[] = [await startTestWorker(env), await startTestWorker(env)];
        for (const worker of workers) cleanup.push(() => worker.stop());
        expect(await servingDatabase(api)).toBe(from);

        const traffic = await startTraffic(api);
        // Orders and reads before the switch and after the flip, so the counts below hold by construction.
        await traffic.more(6, 11);
        const run = await runApp(DB_SWITCH, { ...testEnv(env) }, 120_000);
        const flippedAt = Date.now();
        const servedFromTarget = await eventually(async () => (await servingDatabase(api)) === to, 5000, 50);
        const followMs = Date.now() - flippedAt;
        await traffic.more(5, 10);
        const seen = await traffic.stop();
        console.log(
          `db:switch output:\n${run.output}\nthe API served from the target ${followMs} ms after the command returned`,
        );

        expect(run.code).toBe(0);
        expect(run.output).toMatch(new RegExp(`Flipped to ${to} .* writes paused \\d+ ms`));
        expect(servedFromTarget).toBe(true);
        expect(seen.failedReads).toEqual([]);
        expect(seen.reads).toBeGreaterThan(20);
        expect(seen.refusedWrites.filter((answer) => !answer.startsWith('503 '))).toEqual([]);
        expect(seen.placed.length).toBeGreaterThan(10);
        const config = await api.client.get('/api/v1/admin/config', { token: api.adminToken });
        expect(config.body.config.database.type).toBe(to);
        // Repository calls since the flip are timed under the target's name.
        expect(callsByBackend((await api.client.get('/metrics')).body).get(to)).toBeGreaterThan(0);

        // Every order that got 201 is on the target and gets charged there, once, by the workers that followed.
        const confirmed = await eventually(
          async () => {
            const orders = await target.rows('orders', 'status', seen.placed);
            return seen.placed.every((id) => orders.get(id)?.status === 'confirmed');
          },
          120_000,
          250,
        );
        // On a failure, the orders that did not get there, as the target has them.
        const orders = await target.rows('orders', 'status, payment_status', seen.placed);
        expect(
          seen.placed
            .filter((id) => orders.get(id)?.status !== 'confirmed')
            .map((id) => [id, orders.get(id)]),
        ).toEqual([]);
        expect(confirmed).toBe(true);
        const charges = await target.charges(seen.placed);
        expect(seen.placed.filter((id) => charges.get(id) !== 1)).toEqual([]);
        const products = await target.rows('products', 'name', [...seen.names.keys()]);
        for (const [id, name] of seen.names) expect(products.get(id)?.name).toBe(name);
        // The source refuses writes for good; a process restarted on the old settings follows the switch.
        const restarted = await startTestApi(env);
        cleanup.push(() => restarted.app.stop());
        expect(await servingDatabase(restarted)).toBe(to);
        const withoutNext = Object.fromEntries(
          Object.entries(env).filter(([name]) => !name.startsWith('NEXT_')),
        );
        const refused = await runApp(
          fileURLToPath(new URL('../dist/main.js', import.meta.url)),
          testEnv({ ...withoutNext, PORT: String(await freePort()) }),
          60_000,
        );
        expect(refused.code).not.toBe(0);
        expect(refused.output).toMatch(new RegExp(`switched to ${to}`));
      }, 300_000);
    },
  );
}

await describeCliSwitch('postgresql', 'mysql');
await describeCliSwitch('mysql', 'postgresql');
await describeCliSwitch('supabase', 'postgresql');

function describePgliteSwitch(to: 'postgresql' | 'supabase'): Promise<void> {
  return describeWithService(
    'postgres',
    `POST /api/v1/admin/database/switch: an embedded PGlite shop moves to ${to}`,
    () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'bharatmart-switch-'));
      cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));

      describe('inside the API process', () => {
        it(`switches, reports its progress, and serves the same orders from ${to} afterwards`, async () => {
          const target = await createSide(to, 'switch_from_pglite');
          const api = await startTestApi({ PGLITE_DATA_DIR: dataDir, ...target.settings('NEXT_') });
          cleanup.push(() => api.app.stop());
          const customer = await registerCustomer(api.client);
          const product = (await api.client.get('/api/v1/products?limit=1')).body.items[0];
          const before: string[] = [];
          for (let i = 0; i < 5; i++) {
            const order = await api.client.post(
              '/api/v1/orders',
              { items: [{ productId: product.id, quantity: 1 }] },
              { token: customer.token },
            );
            before.push(order.body.id);
          }
          const customerTry = await api.client.post('/api/v1/admin/database/switch', undefined, {
            token: customer.token,
          });
          expect(customerTry.status).toBe(403);

          const withBody = await api.client.post(
            '/api/v1/admin/database/switch',
            { to: 'elsewhere' },
            { token: api.adminToken },
          );
          expect(withBody.status).toBe(400);
          const idle = await api.client.get('/api/v1/admin/database/switch', { token: api.adminToken });
          expect(idle.body).toMatchObject({ state: 'idle', from: 'pglite', to });
          const started = await api.client.post('/api/v1/admin/database/switch', undefined, {
            token: api.adminToken,
          });
          expect(started.status).toBe(202);
          expect(started.body).toMatchObject({ state: 'running', from: 'pglite', to });
          const done = await eventually(
            async () => {
              const status = await api.client.get('/api/v1/admin/database/switch', { token: api.adminToken });
              return status.body.state === 'running' ? undefined : status.body;
            },
            60_000,
            100,
          );
          expect(done).toMatchObject({ state: 'flipped', report: { writePauseMs: expect.any(Number) } });
          expect(done.report.tables.filter((table: { match: boolean }) => !table.match)).toEqual([]);
          expect(done.log.join('\n')).toMatch(/fence: done/);
          expect(await eventually(async () => (await servingDatabase(api)) === to, 5000, 50)).toBe(true);

          for (const id of before) {
            expect((await api.client.get(`/api/v1/orders/${id}`, { token: customer.token })).status).toBe(
              200,
            );
          }
          expect((await target.rows('orders', 'status', before)).size).toBe(before.length);
          const after = await api.client.post(
            '/api/v1/orders',
            { items: [{ productId: product.id, quantity: 1 }] },
            { token: customer.token },
          );
          expect(after.status).toBe(201);
          expect((await target.rows('orders', 'status', [after.body.id])).size).toBe(1);
          const again = await api.client.post('/api/v1/admin/database/switch', undefined, {
            token: api.adminToken,
          });
          expect(again.status).toBe(409);
        }, 180_000);
      });
    },
  );
}

await describePgliteSwitch('postgresql');
await describePgliteSwitch('supabase');

await describeWithService(
  'postgres',
  'POST /api/v1/admin/database/switch: a PostgreSQL shop moves into PGlite',
  () => {
    it('the one API process switches under load and serves from PGlite; restarted on the old settings it follows; the CLI refuses', async () => {
      const source = await createSide('postgresql', 'switch_to_pglite');
      const dataDir = mkdtempSync(join(tmpdir(), 'bharatmart-switch-to-'));
      cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      const env = {
        ...source.settings(''),
        NEXT_DATABASE_TYPE: 'pglite',
        NEXT_PGLITE_DATA_DIR: dataDir,
        CACHE_DEFAULT_TTL_SECONDS: '1',
        CACHE_LIST_TTL_SECONDS: '1',
        ORDER_MAX_PENDING_PER_CUSTOMER: '0',
      };
      const cli = await runApp(DB_SWITCH, testEnv(env), 60_000);
      expect(cli.code).toBe(2);
      expect(cli.output).toContain('POST /api/v1/admin/database/switch');

      const api = await startTestApi(env);
      cleanup.push(() => api.app.stop());
      expect(await servingDatabase(api)).toBe('postgresql');
      const traffic = await startTraffic(api);
      await traffic.more(6, 0);
      const started = await api.client.post('/api/v1/admin/database/switch', undefined, {
        token: api.adminToken,
      });
      expect(started.status).toBe(202);
      const done = await eventually(
        async () => {
          const status = await api.client.get('/api/v1/admin/database/switch', { token: api.adminToken });
          return status.body.state === 'running' ? undefined : status.body;
        },
        120_000,
        100,
      );
      expect(done).toMatchObject({ state: 'flipped', from: 'postgresql', to: 'pglite' });
      expect(done.report.tables.filter((table: { match: boolean }) => !table.match)).toEqual([]);
      expect(await eventually(async () => (await servingDatabase(api)) === 'pglite', 5000, 50)).toBe(true);
      await traffic.more(5, 0);
      const seen = await traffic.stop();
      console.log(`postgresql → pglite: writes paused ${done.report.writePauseMs} ms`);

      expect(seen.failedReads).toEqual([]);
      expect(seen.refusedWrites.filter((answer) => !answer.startsWith('503 '))).toEqual([]);
      expect(seen.placed.length).toBeGreaterThan(10);
      const config = await api.client.get('/api/v1/admin/config', { token: api.adminToken });
      expect(config.body.config.database.type).toBe('pglite');
      // The in-process workers followed: every order that got 201 is charged and confirmed on PGlite.
      const unconfirmed = async () => {
        const left: string[] = [];
        for (const id of seen.placed) {
          const order = await api.client.get(`/api/v1/orders/${id}`, { token: api.adminToken });
          if (order.body.status !== 'confirmed') left.push(`${id}: ${order.status} ${order.body.status}`);
        }
        return left;
      };
      await eventually(async () => ((await unconfirmed()).length === 0 ? true : undefined), 60_000, 500);
      expect(await unconfirmed()).toEqual([]);
      expect(await api.app.stop()).toBe(0);

      // Restarted on the old settings, the process follows the switch record into the same directory.
      const restarted = await startTestApi(env);
      expect(await servingDatabase(restarted)).toBe('pglite');
      const first = seen.placed[0] ?? '';
      expect(
        (await restarted.client.get(`/api/v1/orders/${first}`, { token: restarted.adminToken })).status,
      ).toBe(200);
      expect(await restarted.app.stop()).toBe(0);

      const embedded = createPgliteDatabase({ dataDir });
      try {
        for (const id of seen.placed) {
          const charges = (await embedded.payments.listForOrder(id)).filter(
            (payment) => payment.kind === 'charge',
          );
          expect([id, charges.length]).toEqual([id, 1]);
        }
        for (const [id, name] of seen.names) expect((await embedded.products.get(id))?.name).toBe(name);
      } finally {
        await embedded.close();
      }
    }, 300_000);

    it('refuses a switch into memory://, which would lose the shop at the next restart', async () => {
      const source = await createSide('postgresql', 'switch_to_memory');
      const api = await startTestApi({
        ...source.settings(''),
        NEXT_DATABASE_TYPE: 'pglite',
        NEXT_PGLITE_DATA_DIR: 'memory://',
      });
      cleanup.push(() => api.app.stop());
      const refused = await api.client.post('/api/v1/admin/database/switch', undefined, {
        token: api.adminToken,
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain('memory://');
      expect(await servingDatabase(api)).toBe('postgresql');
    }, 120_000);
  },
);
