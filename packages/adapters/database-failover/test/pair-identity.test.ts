import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import { describeWithService, usePostgresTestDatabase } from '@bharatmart/testkit';
import { createFailoverDatabase, DatabasePairMismatchError, type FailoverDatabase } from '../src/index.js';
import { recordingLogger, type LogEntry } from './recording-logger.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const HALF_OPEN_AFTER_MS = 200;

/** `url` with the host written another way: another URL of the same database. */
const viaLocalhost = (url: string) => {
  const other = new URL(url);
  other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return other.toString();
};

await describeWithService('postgres', 'failover pair identity', () => {
  const first = usePostgresTestDatabase('pair_a');
  const second = usePostgresTestDatabase('pair_b');
  const opened: IDatabaseAdapter[] = [];
  const log: LogEntry[] = [];
  const pair = (primaryUrl: string, fallbackUrl: string): FailoverDatabase => {
    const db = createFailoverDatabase({
      primary: createPostgresDatabase({ connectionString: primaryUrl, connectionTimeoutMs: 1_000 }),
      fallback: createPostgresDatabase({ connectionString: fallbackUrl }),
      logger: recordingLogger(log),
      breaker: { failureThreshold: 1, halfOpenAfterMs: HALF_OPEN_AFTER_MS },
    });
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
    log.length = 0;
  });

  it('refuses a pair whose sides are two different databases, naming both', async () => {
    const db = pair(first().url, second().url);
    const refusal = db.migrations.latest();
    await expect(refusal).rejects.toBeInstanceOf(DatabasePairMismatchError);
    await expect(refusal).rejects.toMatchObject({
      code: 'MISCONFIGURED',
      message: expect.stringMatching(
        /primary postgresql and the fallback postgresql are different databases/,
      ),
    });
  });

  it('starts a pair reaching the same database through two URLs', async () => {
    const db = pair(first().url, viaLocalhost(first().url));
    await db.migrations.latest();
    const identity = await db.migrations.identity();
    expect(identity).toMatch(/^[0-9a-f-]{36}$/);
    expect(db.activePath()).toBe('primary');
  });

  describe('a primary unreachable at start', () => {
    let proxy: TcpProxy;
    beforeAll(async () => {
      // The primary's URL leads to the second database: the pair is mismatched, unknown at start.
      const target = new URL(second().url);
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) || 5432 });
      const direct = createPostgresDatabase({ connectionString: second().url });
      await direct.migrations.latest();
      await direct.close();
    });
    afterAll(async () => {
      await proxy.close();
    });

    it('starts on the fallback, and never serves from a returning primary that is another database', async () => {
      const viaProxy = new URL(second().url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      proxy.disable();
      const db = pair(viaProxy.toString(), first().url);
      await db.migrations.latest();
      expect(log.map((entry) => entry.message)).toContainEqual(
        expect.stringMatching(/unreachable at start; it serves only after it proves/),
      );
      const fallbackIdentity = await db.migrations.identity();
      expect(db.activePath()).toBe('fallback');

      proxy.enable();
      await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_AFTER_MS * 2));
      for (let call = 0; call < 5; call++) {
        await expect(db.migrations.identity()).resolves.toBe(fallbackIdentity);
      }
      expect(db.activePath()).toBe('fallback');
      expect(log.map((entry) => entry.message)).toContainEqual(
        expect.stringMatching(/is another database than its failover partner; it will not serve/),
      );
    });
  });
});
