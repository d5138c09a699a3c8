import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { ChildServer, freePort } from '../child-server.js';
import { serverUser } from './binaries.js';
import { createTestCertificates, type TestCertificates } from './test-certificates.js';

/** Where Debian keeps PostgreSQL's server binaries: the newest `/usr/lib/postgresql/<major>/bin`. */
export function postgresBinDirectory(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(root, majors[0], 'bin');
}

/** A PostgreSQL cluster of the test's own that accepts TLS connections only. */
export interface TlsPostgresServer {
  readonly port: number;
  readonly certificates: TestCertificates;
  /** `postgres://postgres@<host>:<port>/postgres`; `host` defaults to 127.0.0.1, which the certificate names. */
  url(host?: string): string;
  /** Stops the cluster and removes its directory and certificates. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Creates and starts a throw-away PostgreSQL cluster (Debian's initdb and postgres, run as `postgres`
 * when root: both refuse root) in a temporary directory, on a free port on 127.0.0.1 and
 * `certificates.wrongHost`, with `ssl = on` serving a certificate of a fresh test CA and a pg_hba.conf
 * of `hostssl … trust` lines only, so a plaintext connection is refused. The machine's shared cluster
 * is never touched. Throws when PostgreSQL's server binaries are missing.
 */
export async function startTlsPostgres(): Promise<TlsPostgresServer> {
  const bin = postgresBinDirectory();
  if (!bin) throw new Error('PostgreSQL server binaries are missing (apt-get install postgresql)');
  const certificates = createTestCertificates();
  const user = serverUser();
  const directory = mkdtempSync(join(tmpdir(), 'bharatmart-pg-tls-'));
  const data = join(directory, 'data');
  const own = (path: string) => user && chownSync(path, user.uid, user.gid);
  own(directory);
  try {
    execFileSync(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
      {
        stdio: 'pipe',
        ...user,
      },
    );
    for (const [from, to] of [
      [certificates.certFile, 'server.crt'],
      [certificates.keyFile, 'server.key'],
    ] as const) {
      copyFileSync(from, join(data, to));
      chmodSync(join(data, to), 0o600);
      own(join(data, to));
    }
    const port = await freePort();
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        '',
        `listen_addresses = '127.0.0.1,${certificates.wrongHost}'`,
        `port = ${port}`,
        `unix_socket_directories = '${directory}'`,
        'ssl = on',
        "ssl_cert_file = 'server.crt'",
        "ssl_key_file = 'server.key'",
        'fsync = off',
        'max_connections = 50',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(data, 'pg_hba.conf'),
      ['hostssl all all 127.0.0.1/32 trust', `hostssl all all ${certificates.wrongHost}/32 trust`, ''].join(
        '\n',
      ),
    );
    const server = new ChildServer(join(bin, 'postgres'), ['-D', data], port, user);
    await server.start();
    let stopped: Promise<void> | undefined;
    return {
      port,
      certificates,
      url: (host = '127.0.0.1') => `postgres://postgres@${host}:${port}/postgres`,
      stop: () =>
        (stopped ??= (async () => {
          await server.kill();
          rmSync(directory, { recursive: true, force: true });
          certificates.remove();
        })()),
    };
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    certificates.remove();
    throw error;
  }
}

/** `startTlsPostgres` in `beforeAll`, stopped in `afterAll`; returns an accessor valid while tests run. */
export function useTlsPostgres(): () => TlsPostgresServer {
  let server: TlsPostgresServer | undefined;
  beforeAll(async () => {
    server = await startTlsPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the TLS PostgreSQL exists only while its describe block runs');
    return server;
  };
}
