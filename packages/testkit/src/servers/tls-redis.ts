import { afterAll, beforeAll } from '@jest/globals';
import { ChildServer, freePort } from '../child-server.js';
import { findBinary } from './binaries.js';
import { createTestCertificates, type TestCertificates } from './test-certificates.js';

/** A redis-server of the test's own that speaks TLS only, with the certificates it serves. */
export interface TlsRedisServer {
  readonly port: number;
  readonly certificates: TestCertificates;
  /** `rediss://<host>:<port>`; `host` defaults to 127.0.0.1, which the certificate names. */
  url(host?: string): string;
  /** Stops the server and removes its certificates. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` with `--port 0` (no plaintext port) and `--tls-port` on a free port, listening
 * on 127.0.0.1 and on `certificates.wrongHost`, serving a certificate of a fresh test CA
 * (`createTestCertificates`) and not asking clients for one — what OCI Cache and managed Redis offer.
 * Throws when redis-server or openssl is missing.
 */
export async function startTlsRedis(): Promise<TlsRedisServer> {
  const binary = findBinary('redis-server');
  if (!binary) throw new Error('redis-server is not installed (apt-get install redis-server)');
  const certificates = createTestCertificates();
  const port = await freePort();
  const server = new ChildServer(
    binary,
    [
      ...['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', certificates.wrongHost],
      ...['--tls-cert-file', certificates.certFile, '--tls-key-file', certificates.keyFile],
      ...['--tls-ca-cert-file', certificates.caFile, '--tls-auth-clients', 'no'],
      ...['--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    ],
    port,
  );
  try {
    await server.start();
  } catch (error) {
    certificates.remove();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    port,
    certificates,
    url: (host = '127.0.0.1') => `rediss://${host}:${port}`,
    stop: () =>
      (stopped ??= (async () => {
        await server.kill();
        certificates.remove();
      })()),
  };
}

/** `startTlsRedis` in `beforeAll`, stopped in `afterAll`; returns an accessor valid while tests run. */
export function useTlsRedis(): () => TlsRedisServer {
  let server: TlsRedisServer | undefined;
  beforeAll(async () => {
    server = await startTlsRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the TLS Redis exists only while its describe block runs');
    return server;
  };
}
