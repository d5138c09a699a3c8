import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { IDatabaseAdapter, Logger } from '@bharatmart/core';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { sqlMigrations } from '@bharatmart/database-sql';
import { describeWithService, useMysqlTestDatabase } from '@bharatmart/testkit';
import { createMysqlDatabase, type MysqlDatabaseOptions } from '../src/index.js';

const adapters: IDatabaseAdapter[] = [];
const adapter = (options: MysqlDatabaseOptions) => {
  const created = createMysqlDatabase(options);
  adapters.push(created);
  return created;
};
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((db) => db.close()));
});

await describeWithService('mariadb', 'database-mysql on MariaDB', () => {
  describe('on an empty database', () => {
    const database = useMysqlTestDatabase('migrations');

    it('migrates once when three adapters call latest() at the same time', async () => {
      const starters = [1, 2, 3].map(() => adapter({ uri: database().url }));
      const applied = await Promise.all(starters.map((db) => db.migrations.latest()));
      expect(applied.flat().sort()).toEqual(sqlMigrations.map((migration) => migration.name).sort());
      for (const db of starters) {
        const status = await db.migrations.status();
        expect(status.every((migration) => migration.appliedAt !== undefined)).toBe(true);
      }
    });
  });

  describe('while another session holds the migration lock of this database', () => {
    const database = useMysqlTestDatabase('lock');

    it('waits for it before migrating', async () => {
      const holder = await createConnection({ uri: database().url });
      try {
        const lockName = `bharatmart_migrations:${database().name}`;
        await holder.query('select get_lock(?, 10)', [lockName]);
        const db = adapter({ uri: database().url });
        const migrating = db.migrations.latest();
        let settled = false;
        migrating.then(
          () => (settled = true),
          () => (settled = true),
        );
        // Deterministic rather than timed: wait until the server shows a session queued on a user lock.
        const waiting = async () => {
          const [rows] = await holder.query<RowDataPacket[]>(
            `select count(*) as n from information_schema.processlist
             where state = 'User lock' and db = database()`,
          );
          return Number(rows[0]?.n) > 0;
        };
        while (!settled && !(await waiting())) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(settled).toBe(false);
        const [tables] = await holder.query<RowDataPacket[]>(
          `select count(*) as n from information_schema.tables
           where table_schema = database() and table_name = 'products'`,
        );
        expect(Number(tables[0]?.n)).toBe(0);
        await holder.query('select release_lock(?)', [lockName]);
        await expect(migrating).resolves.toEqual(sqlMigrations.map((migration) => migration.name));
      } finally {
        await holder.end();
      }
    });
  });

  describe('a migrated database', () => {
    const database = useMysqlTestDatabase('schema');
    let db: IDatabaseAdapter;
    beforeAll(async () => {
      db = createMysqlDatabase({ uri: database().url });
      await db.migrations.latest();
    });
    afterAll(async () => {
      await db.close();
    });

    const product = (sku: string, name = 'Product', price = 1_000) => ({
      sku,
      name,
      description: 'd',
      price,
      currency: 'INR' as const,
      stock: 1,
      category: 'c',
    });

    it('stores any Unicode text, and compares keys exactly as PostgreSQL does', async () => {
      const hindi = await db.products.create(product('sku-मसाला', 'गरम मसाला 🌶️'));
      await expect(db.products.get(hindi.id)).resolves.toEqual(hindi);
      await db.products.create(product('CaseSku'));
      await expect(db.products.create(product('casesku'))).resolves.toMatchObject({ sku: 'casesku' });
    });

    it('returns money as numbers up to the largest safe integer', async () => {
      const rich = await db.products.create(product('max-price', 'Max', Number.MAX_SAFE_INTEGER));
      await expect(db.products.get(rich.id)).resolves.toMatchObject({ price: Number.MAX_SAFE_INTEGER });
    });

    it('connects with host, port, database and user instead of a URL', async () => {
      const url = new URL(database().url);
      const parts = adapter({
        host: url.hostname,
        port: Number(url.port) || 3306,
        database: url.pathname.slice(1),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      });
      await expect(parts.health()).resolves.toMatchObject({ status: 'up' });
      await expect(parts.migrations.latest()).resolves.toEqual([]);
    });

    it('refuses values longer than their column instead of truncating them', async () => {
      await expect(db.products.create(product('x'.repeat(65)))).rejects.toThrow(/too long/i);
    });
  });
});

describe('an unreachable server', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never speaks: the handshake never arrives.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  const closedPort = async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    return port;
  };

  it('fails calls with UNAVAILABLE, reports health down and warns without the password', async () => {
    const warnings: unknown[] = [];
    const logger: Logger = {
      info: () => undefined,
      debug: () => undefined,
      error: () => undefined,
      warn: (fields, message) => warnings.push({ fields, message }),
      child: () => logger,
    };
    const uri = `mysql://root:s3cret-pw@127.0.0.1:${await closedPort()}/test`;
    const db = adapter({ uri, logger });
    await expect(db.products.count()).rejects.toMatchObject({ name: 'AdapterError', code: 'UNAVAILABLE' });
    await expect(db.migrations.latest()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(db.health()).resolves.toMatchObject({ status: 'down' });
    expect(warnings).toContainEqual({
      fields: expect.objectContaining({ code: 'ECONNREFUSED' }),
      message: 'mysql unreachable',
    });
    expect(JSON.stringify(warnings)).not.toContain('s3cret-pw');
  }, 5_000);

  it('gives up after connectTimeoutMs when the server never answers', async () => {
    const { port } = silent.address() as { port: number };
    const db = adapter({ uri: `mysql://root@127.0.0.1:${port}/test`, connectTimeoutMs: 300 });
    await expect(db.products.count()).rejects.toMatchObject({ name: 'AdapterError', code: 'UNAVAILABLE' });
    await expect(db.health()).resolves.toMatchObject({ status: 'down' });
  }, 5_000);
});
