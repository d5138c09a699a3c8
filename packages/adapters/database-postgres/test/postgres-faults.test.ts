import { execFile } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import type { IDatabaseAdapter, Logger, Product } from '@bharatmart/core';
import { sqlMigrations } from '@bharatmart/database-sql';
import { describeWithService, usePostgresTestDatabase } from '@bharatmart/testkit';
import { createPostgresDatabase } from '../src/index.js';

const HUNG = Symbol('hung');
type Outcome<T> = PromiseSettledResult<T> | typeof HUNG;

/** How `operation` settled, or HUNG when it had not settled after `limitMs`. */
async function settleWithin<T>(operation: Promise<T>, limitMs: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<typeof HUNG>((resolve) => {
    timer = setTimeout(() => resolve(HUNG), limitMs);
  });
  const settled = operation.then(
    (value): Outcome<T> => ({ status: 'fulfilled', value }),
    (reason: unknown): Outcome<T> => ({ status: 'rejected', reason }),
  );
  try {
    return await Promise.race([settled, hung]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const UNAVAILABLE = { name: 'AdapterError', code: 'UNAVAILABLE' };
const MIGRATION_NAMES = sqlMigrations.map((migration) => migration.name).sort();

/** Runs `query` on `url` through a connection of its own. */
async function queryOn<R extends object>(url: string, query: string, values: unknown[] = []): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(query, values)).rows;
  } finally {
    await client.end();
  }
}

async function appliedMigrations(url: string): Promise<string[]> {
  const rows = await queryOn<{ name: string }>(url, 'select name from bharatmart_migrations order by name');
  return rows.map((row) => row.name);
}

/** A Logger that keeps the messages of its warnings. */
function recordingLogger(warnings: string[]): Logger {
  const logger: Logger = {
    info: () => {},
    warn: (_fields, message) => warnings.push(message ?? ''),
    error: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

await describeWithService('postgres', 'postgresql adapter under faults', () => {
  describe('three adapters migrating an empty database at once', () => {
    const database = usePostgresTestDatabase('migrate_adapters');

    it('apply each migration exactly once, and every call succeeds', async () => {
      const adapters = [1, 2, 3].map(() =>
        createPostgresDatabase({ connectionString: database().url, poolMax: 2 }),
      );
      try {
        const applied = await Promise.all(adapters.map((adapter) => adapter.migrations.latest()));
        expect(applied.flat().sort()).toEqual(MIGRATION_NAMES);
        await expect(appliedMigrations(database().url)).resolves.toEqual(MIGRATION_NAMES);
      } finally {
        await Promise.all(adapters.map((adapter) => adapter.close()));
      }
    });
  });

  describe('three processes migrating an empty database at once', () => {
    const database = usePostgresTestDatabase('migrate_processes');
    const child = fileURLToPath(new URL('./fixtures/migrate.mjs', import.meta.url));

    it('apply each migration exactly once, and every process succeeds', async () => {
      const startAt = String(Date.now() + 1_500);
      const runs = await Promise.all(
        [1, 2, 3].map(() =>
          promisify(execFile)(process.execPath, [child, database().url, startAt], { timeout: 30_000 }),
        ),
      );
      const applied = runs.map((run) => JSON.parse(run.stdout) as string[]);
      expect(applied.flat().sort()).toEqual(MIGRATION_NAMES);
      await expect(appliedMigrations(database().url)).resolves.toEqual(MIGRATION_NAMES);
    });
  });

  describe('when the server ends or blocks its sessions', () => {
    const database = usePostgresTestDatabase('faults');
    const connectionTimeoutMs = 1_000;
    const statementTimeoutMs = 2_000;
    // Not a speed claim: a hard bound that only a hanging call exceeds.
    const limitMs = 3 * (connectionTimeoutMs + statementTimeoutMs);
    const warnings: string[] = [];
    let db: IDatabaseAdapter;
    let product: Product;

    beforeAll(async () => {
      db = createPostgresDatabase({
        connectionString: database().url,
        applicationName: database().name,
        poolMax: 4,
        connectionTimeoutMs,
        statementTimeoutMs,
        logger: recordingLogger(warnings),
      });
      await db.migrations.latest();
      product = await db.products.create({
        sku: 'FAULT-1',
        name: 'Fault',
        description: 'read while sessions die',
        price: 9_007_199_254_740,
        currency: 'INR',
        stock: 5,
        category: 'faults',
      });
    });
    afterAll(async () => {
      await db?.close();
    });

    it('keeps answering or fails UNAVAILABLE while its sessions are terminated, then recovers', async () => {
      const outcomes: Outcome<Product | undefined>[] = [];
      let reading = true;
      const reader = async () => {
        while (reading) outcomes.push(await settleWithin(db.products.get(product.id), limitMs));
      };
      const readers = Array.from({ length: 6 }, reader);
      const terminated: number[] = [];
      for (let round = 0; round < 3; round++) {
        await sleep(200);
        const rows = await queryOn<{ pid: number; ended: boolean }>(
          database().url,
          'select pid, pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = $1',
          [database().name],
        );
        terminated.push(...rows.filter((row) => row.ended).map((row) => row.pid));
      }
      await sleep(200);
      reading = false;
      await Promise.all(readers);

      expect(terminated.length).toBeGreaterThan(0);
      expect(outcomes.filter((outcome) => outcome === HUNG)).toHaveLength(0);
      for (const outcome of outcomes) {
        if (outcome !== HUNG && outcome.status === 'rejected')
          expect(outcome.reason).toMatchObject(UNAVAILABLE);
        if (outcome !== HUNG && outcome.status === 'fulfilled') expect(outcome.value).toEqual(product);
      }
      expect(warnings.length).toBeGreaterThan(0);

      await expect(db.products.get(product.id)).resolves.toEqual(product);
      const sessions = await queryOn<{ pid: number }>(
        database().url,
        'select pid from pg_stat_activity where application_name = $1',
        [database().name],
      );
      expect(sessions.length).toBeGreaterThan(0);
      expect(sessions.filter((session) => terminated.includes(session.pid))).toEqual([]);
    });

    it('fails a statement blocked past statement_timeout with UNAVAILABLE, then serves again', async () => {
      const admin = new Client({ connectionString: database().url });
      await admin.connect();
      try {
        await admin.query('begin');
        await admin.query('lock table products in access exclusive mode');
        const outcome = await settleWithin(db.products.count(), limitMs);
        expect(outcome).not.toBe(HUNG);
        expect(outcome).toMatchObject({ status: 'rejected', reason: UNAVAILABLE });
        await admin.query('rollback');
        await expect(db.products.count()).resolves.toBe(1);
      } finally {
        await admin.end();
      }
    });
  });

  describe('when nothing usable listens', () => {
    const connectionTimeoutMs = 1_000;
    const limitMs = 3 * connectionTimeoutMs;

    const expectUnavailable = async (port: number, reason: RegExp) => {
      const db = createPostgresDatabase({
        host: '127.0.0.1',
        port,
        database: 'bharatmart',
        user: 'postgres',
        connectionTimeoutMs,
      });
      try {
        const outcome = await settleWithin(db.products.count(), limitMs);
        expect(outcome).not.toBe(HUNG);
        expect(outcome).toMatchObject({ status: 'rejected', reason: UNAVAILABLE });
        const health = await settleWithin(db.health(), limitMs);
        expect(health).toMatchObject({ status: 'fulfilled', value: { status: 'down' } });
        expect(health !== HUNG && health.status === 'fulfilled' ? health.value.message : '').toMatch(reason);
      } finally {
        await settleWithin(db.close(), limitMs);
      }
    };

    it('fails fast with UNAVAILABLE on a closed port, and health reports down with the reason', async () => {
      const probe = createServer();
      const port = await listen(probe);
      await new Promise((resolve) => probe.close(resolve));
      await expectUnavailable(port, /ECONNREFUSED/);
    });

    it('gives up after connectionTimeoutMs on a server that accepts but never answers', async () => {
      const sockets: Socket[] = [];
      const silent = createServer((socket) => sockets.push(socket));
      const port = await listen(silent);
      try {
        await expectUnavailable(port, /timeout/i);
      } finally {
        for (const socket of sockets) socket.destroy();
        silent.close();
      }
    });
  });
});
