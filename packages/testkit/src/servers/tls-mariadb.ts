import { execFileSync } from 'node:child_process';
import { chownSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { ChildServer, freePort } from '../child-server.js';
import { findBinary, serverUser } from './binaries.js';
import { createTestCertificates, type TestCertificates } from './test-certificates.js';

/** A MariaDB server of the test's own that accepts TLS connections only. */
export interface TlsMariadbServer {
  readonly port: number;
  readonly certificates: TestCertificates;
  /** `mysql://root@<host>:<port>/test`; `host` defaults to 127.0.0.1, which the certificate names. */
  url(host?: string): string;
  /** Stops the server and removes its directory and certificates. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Creates a throw-away MariaDB data directory (`mariadb-install-db`) and runs `mariadbd` on it, on a
 * free port on 127.0.0.1 and `certificates.wrongHost`, serving a certificate of a fresh test CA with
 * `require_secure_transport = ON` (a plaintext connection is refused), and grants
 * for `root` without a password (from 127.0.0.1, which resolves to `localhost`), with an empty database `test`. The machine's shared MariaDB
 * is never touched. Throws when the MariaDB server binaries are missing.
 */
export async function startTlsMariadb(): Promise<TlsMariadbServer> {
  const installDb = findBinary('mariadb-install-db');
  const server = findBinary('mariadbd');
  if (!installDb || !server)
    throw new Error('MariaDB server binaries are missing (apt-get install mariadb-server)');
  const certificates = createTestCertificates();
  const user = serverUser('mysql');
  const directory = mkdtempSync(join(tmpdir(), 'bharatmart-mariadb-tls-'));
  const data = join(directory, 'data');
  const own = (path: string) => user && chownSync(path, user.uid, user.gid);
  own(directory);
  try {
    execFileSync(
      installDb,
      ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
      { stdio: 'pipe', ...(user ? { uid: user.uid, gid: user.gid } : {}) },
    );
    // A directory in the data directory is a database to MariaDB: the `test` database of the URLs.
    mkdirSync(join(data, 'test'));
    own(join(data, 'test'));
    for (const name of ['server.crt', 'server.key', 'ca.crt']) {
      copyFileSync(join(certificates.directory, name), join(directory, name));
      own(join(directory, name));
    }
    const port = await freePort();
    const mariadb = new ChildServer(
      server,
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--socket=${join(directory, 'mariadb.sock')}`,
        `--pid-file=${join(directory, 'mariadb.pid')}`,
        `--port=${port}`,
        `--bind-address=127.0.0.1,${certificates.wrongHost}`,
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
        `--ssl-ca=${join(directory, 'ca.crt')}`,
        `--ssl-cert=${join(directory, 'server.crt')}`,
        `--ssl-key=${join(directory, 'server.key')}`,
        '--require-secure-transport=ON',
      ],
      port,
      user,
    );
    await mariadb.start();
    let stopped: Promise<void> | undefined;
    return {
      port,
      certificates,
      url: (host = '127.0.0.1') => `mysql://root@${host}:${port}/test`,
      stop: () =>
        (stopped ??= (async () => {
          await mariadb.kill();
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

/** `startTlsMariadb` in `beforeAll`, stopped in `afterAll`; returns an accessor valid while tests run. */
export function useTlsMariadb(): () => TlsMariadbServer {
  let server: TlsMariadbServer | undefined;
  beforeAll(async () => {
    server = await startTlsMariadb();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the TLS MariaDB exists only while its describe block runs');
    return server;
  };
}
