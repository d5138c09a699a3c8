import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries.js';

/** A throw-away certificate authority and a server certificate it signed, as PEM files. */
export interface TestCertificates {
  readonly directory: string;
  /** The CA that signed `certFile`: what a client must trust. */
  readonly caFile: string;
  /** The server's certificate, for `127.0.0.1` and `localhost` only. */
  readonly certFile: string;
  /** The server certificate's private key (mode 0600). */
  readonly keyFile: string;
  /** Another CA, which signed nothing here: a client trusting only it must refuse the server. */
  readonly otherCaFile: string;
  /** Host names the certificate does NOT cover but that reach the same loopback servers. */
  readonly wrongHost: string;
  /** Removes the directory. */
  remove(): void;
}

/**
 * Creates a fresh CA, a server certificate signed by it (subjectAltName `IP:127.0.0.1`,
 * `DNS:localhost`, valid 2 days) and an unrelated second CA, with Debian's `openssl` command, in a
 * new temporary directory readable by servers started as another user. Throws when openssl is missing.
 */
export function createTestCertificates(): TestCertificates {
  const openssl = findBinary('openssl');
  if (!openssl) throw new Error('openssl is not installed (apt-get install openssl)');
  const directory = mkdtempSync(join(tmpdir(), 'bharatmart-tls-'));
  chmodSync(directory, 0o755);
  const file = (name: string) => join(directory, name);
  const run = (...args: string[]) => execFileSync(openssl, args, { stdio: 'pipe' });
  const newCa = (name: string, subject: string) =>
    run(
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-days', '2', '-subj', subject],
      ...['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    );
  newCa('ca', '/CN=BharatMart Test CA');
  newCa('other-ca', '/CN=Unrelated Test CA');
  run(
    ...['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
    ...['-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1'],
  );
  writeFileSync(
    file('server.ext'),
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  run(
    ...['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key')],
    ...['-CAcreateserial', '-out', file('server.crt'), '-days', '2', '-extfile', file('server.ext')],
  );
  for (const name of ['ca.crt', 'other-ca.crt', 'server.crt']) chmodSync(file(name), 0o644);
  chmodSync(file('server.key'), 0o600);
  return {
    directory,
    caFile: file('ca.crt'),
    certFile: file('server.crt'),
    keyFile: file('server.key'),
    otherCaFile: file('other-ca.crt'),
    wrongHost: '127.0.0.2',
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
