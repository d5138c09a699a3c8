import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { Client } from 'pg';
import { ChildServer, freePort } from '../child-server.js';
import { serviceUrl } from '../services.js';
import { findBinary, serverUser } from './binaries.js';

/** A PgBouncer of the test's own in front of the test PostgreSQL server. */
export interface PgBouncerServer {
  readonly port: number;
  /** `databaseUrl` (a URL of the test PostgreSQL server) with host and port of this PgBouncer. */
  via(databaseUrl: string): string;
  /**
   * `RECONNECT` on PgBouncer's admin console: every server connection is replaced once its client is
   * done, so server-side defaults changed since (e.g. a role's `statement_timeout`) apply to all.
   */
  reconnect(): Promise<void>;
  /** PgBouncer's log so far, for a failing test's message. */
  log(): string;
  /** Stops PgBouncer and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts Debian's `pgbouncer` (as `postgres` when root: it refuses root) on a free port, in front of
 * `serviceUrl('postgres')`, with `pool_mode = transaction`, few server connections per database and
 * user (`poolSize`, default 4, so clients share them), trust authentication and PgBouncer's default
 * `ignore_startup_parameters` (none): what Supabase's pooler and most multi-process deployments run.
 * Every database of the server is reachable through it. Throws when pgbouncer is not installed.
 */
export async function startPgBouncer(options: { poolSize?: number } = {}): Promise<PgBouncerServer> {
  const binary = findBinary('pgbouncer');
  if (!binary) throw new Error('pgbouncer is not installed (apt-get install pgbouncer)');
  const target = new URL(serviceUrl('postgres'));
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), 'bharatmart-pgbouncer-'));
  const user = serverUser();
  const userName = decodeURIComponent(target.username || 'postgres');
  writeFileSync(join(directory, 'userlist.txt'), `"${userName}" ""\n`);
  writeFileSync(
    join(directory, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `admin_users = ${userName}`,
      `auth_file = ${join(directory, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 4}`,
      'max_client_conn = 500',
      `logfile = ${join(directory, 'pgbouncer.log')}`,
      '',
    ].join('\n'),
  );
  if (user)
    for (const file of ['', 'userlist.txt', 'pgbouncer.ini'])
      chownSync(join(directory, file), user.uid, user.gid);
  const server = new ChildServer(binary, [join(directory, 'pgbouncer.ini')], port, user);
  await server.start();
  let stopped: Promise<void> | undefined;
  return {
    port,
    via(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    async reconnect() {
      const admin = new Client({ host: '127.0.0.1', port, user: userName, database: 'pgbouncer' });
      await admin.connect();
      try {
        await admin.query('RECONNECT');
      } finally {
        await admin.end();
      }
    },
    log: () => {
      try {
        return readFileSync(join(directory, 'pgbouncer.log'), 'utf8');
      } catch {
        return '';
      }
    },
    stop: () =>
      (stopped ??= (async () => {
        await server.kill();
        rmSync(directory, { recursive: true, force: true });
      })()),
  };
}

/**
 * Registers `beforeAll`/`afterAll` hooks in the enclosing describe block that start a PgBouncer
 * (`startPgBouncer`) before its tests and stop it after them. Returns an accessor valid while they run.
 */
export function usePgBouncer(options: { poolSize?: number } = {}): () => PgBouncerServer {
  let server: PgBouncerServer | undefined;
  beforeAll(async () => {
    server = await startPgBouncer(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the PgBouncer exists only while its describe block runs');
    return server;
  };
}
