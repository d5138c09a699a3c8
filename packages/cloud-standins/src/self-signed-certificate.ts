import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A PEM key and certificate pair. */
export interface TlsMaterial {
  key: string;
  cert: string;
}

let pending: Promise<TlsMaterial> | undefined;

async function generate(): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'standin-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
    return { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made once per process with the `openssl`
 * command (Node cannot issue certificates itself). Clients trust it by passing `cert` as their CA.
 */
export function selfSignedCertificate(): Promise<TlsMaterial> {
  pending ??= generate().catch((error: unknown) => {
    pending = undefined;
    throw new Error('stand-in: could not create a TLS certificate with openssl', { cause: error });
  });
  return pending;
}
