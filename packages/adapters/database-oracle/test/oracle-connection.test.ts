/**
 * node-oracledb itself (thin mode, no Oracle Client libraries) against addresses where no Oracle
 * answers: what the adapter does when the database is unreachable, without needing a database.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import oracledb from 'oracledb';
import type { IDatabaseAdapter, Logger } from '@bharatmart/core';
import { freePort, within } from '@bharatmart/testkit';
import { createOracleDatabase, type OracleDatabaseOptions } from '../src/index.js';

const PASSWORD = 'never-logged-5f2c';
const adapters: IDatabaseAdapter[] = [];
const adapter = (overrides: Partial<OracleDatabaseOptions>) => {
  const created = createOracleDatabase({ connectString: '', user: 'shop', password: PASSWORD, ...overrides });
  adapters.push(created);
  return created;
};
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((db) => db.close()));
});

/** A logger keeping every entry as JSON, to look for what must never be logged. */
function jsonLogger(): { logger: Logger; entries: string[] } {
  const entries: string[] = [];
  const record = (level: string) => (fields: object, message?: string) => {
    entries.push(JSON.stringify({ level, message, ...fields }));
  };
  const logger: Logger = {
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
    child: () => logger,
  };
  return { logger, entries };
}

describe('createOracleDatabase options', () => {
  it.each(['connectString', 'user', 'password'] as const)('refuses a missing %s, naming it', (name) => {
    const options = { connectString: 'db:1521/FREEPDB1', user: 'shop', password: 'secret', [name]: ' ' };
    expect(() => createOracleDatabase(options)).toThrow(
      expect.objectContaining({
        name: 'AdapterError',
        code: 'MISCONFIGURED',
        message: expect.stringContaining(name),
      }),
    );
  });

  it('refuses a pool size or timeout that is not a positive integer', () => {
    const base = { connectString: 'db:1521/FREEPDB1', user: 'shop', password: 'secret' };
    expect(() => createOracleDatabase({ ...base, poolMax: 0 })).toThrow(/poolMax must be a positive integer/);
    expect(() => createOracleDatabase({ ...base, connectTimeoutMs: 1.5 })).toThrow(/connectTimeoutMs/);
  });
});

describe('an Oracle that cannot be reached', () => {
  it('fails calls quickly with UNAVAILABLE on a closed port, reports health down, warns without the password', async () => {
    const { logger, entries } = jsonLogger();
    const db = adapter({ connectString: `127.0.0.1:${await freePort()}/FREEPDB1`, logger });
    const started = Date.now();
    await expect(within(3_000, db.products.count())).rejects.toMatchObject({
      name: 'AdapterError',
      code: 'UNAVAILABLE',
      message: expect.stringContaining('NJS-503'),
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(db.health()).resolves.toMatchObject({ status: 'down' });
    await expect(db.migrations.latest()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(entries.some((entry) => entry.includes('"level":"warn"') && entry.includes('NJS-503'))).toBe(true);
    expect(entries.join('\n')).not.toContain(PASSWORD);
  });

  it('gives up after connectTimeoutMs when something listens but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const db = adapter({ connectString: `127.0.0.1:${port}/FREEPDB1`, connectTimeoutMs: 1000 });
      await expect(within(4_000, db.products.count())).rejects.toMatchObject({
        name: 'AdapterError',
        code: 'UNAVAILABLE',
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('closes safely twice; afterwards calls fail UNAVAILABLE', async () => {
    const db = adapter({ connectString: `127.0.0.1:${await freePort()}/FREEPDB1` });
    await db.close();
    await expect(db.close()).resolves.toBeUndefined();
    await expect(db.products.count()).rejects.toMatchObject({ name: 'AdapterError', code: 'UNAVAILABLE' });
  });
});

describe('node-oracledb mode', () => {
  let db: IDatabaseAdapter;
  beforeAll(async () => {
    db = createOracleDatabase({
      connectString: `127.0.0.1:${await freePort()}/FREEPDB1`,
      user: 'shop',
      password: PASSWORD,
    });
    await db.health();
  });
  afterAll(async () => {
    await db.close();
  });

  it('is thin: pure JavaScript, no Oracle Client libraries (initOracleClient is never called)', () => {
    expect(oracledb.thin).toBe(true);
  });
});
