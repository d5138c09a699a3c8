import { connect } from 'node:tls';
import { ConfigError } from '../config/config-error.js';

/** Node's codes for a server certificate that is not trusted or names another host. */
const CERTIFICATE_CODES = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
  // mysql2's code for a TLS handshake that failed, the certificate's refusal included.
  'HANDSHAKE_SSL_ERROR',
]);

/** True when `error` (or a cause of it) is a refused server certificate, not an unreachable server. */
export function isCertificateFailure(error: unknown): boolean {
  // Duck-typed: errors of another realm (a test's VM context) are no `instanceof Error` here.
  for (
    let current = error, depth = 0;
    typeof current === 'object' && current !== null && depth < 5;
    depth++
  ) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && CERTIFICATE_CODES.has(code)) return true;
    current = cause;
  }
  return false;
}

/** The message naming the variables to fix when a server's certificate is refused. */
export function certificateFailureMessage(what: string, error: unknown, caVariable: string): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  const reason = typeof message === 'string' ? message : String(error);
  return `the TLS certificate of ${what} was refused (${reason}): set ${caVariable} to the PEM file of the CA that signed it, and use the host name the certificate names`;
}

/**
 * Opens one TLS connection to `host:port` verifying its certificate against `ca` (the system CAs when
 * absent) and the host name, then closes it. A refused certificate throws a ConfigError naming
 * `urlVariable` and `caVariable`, so startup stops instead of running without the backend or, worse,
 * without TLS; an unreachable server resolves (the backend's own outage handling applies).
 */
export function verifyTlsServer(options: {
  host: string;
  port: number;
  ca?: string;
  urlVariable: string;
  caVariable: string;
  timeoutMs?: number;
}): Promise<void> {
  const { host, port } = options;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
      rejectUnauthorized: true,
      timeout: options.timeoutMs ?? 5_000,
    });
    const done = (error?: Error) => {
      socket.destroy();
      if (error && isCertificateFailure(error))
        reject(
          new ConfigError([
            {
              variable: options.urlVariable,
              message: certificateFailureMessage(`${host}:${port}`, error, options.caVariable),
            },
          ]),
        );
      else resolve();
    };
    socket.once('secureConnect', () => done());
    socket.once('error', done);
    socket.once('timeout', () => done());
  });
}
