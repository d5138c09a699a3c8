import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** What the instance metadata service hands an instance: its leaf certificate, key and the issuer. */
export interface InstanceCertificate {
  /** PEM leaf certificate; its subject carries `OU=opc-tenant:<tenancy>` as OCI's do. */
  cert: string;
  /** PEM private key of the leaf certificate. */
  key: string;
  /** PEM certificate of the intermediate CA that issued the leaf. */
  intermediate: string;
}

const openssl = (args: string[]) => promisify(execFile)('openssl', args);

/**
 * An intermediate CA and an instance leaf certificate it signed for `instanceId` in `tenancyId`,
 * made with the `openssl` command (Node cannot issue certificates itself), valid for two days.
 */
export async function issueInstanceCertificate(
  tenancyId: string,
  instanceId: string,
): Promise<InstanceCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'standin-instance-'));
  const file = (name: string) => join(dir, name);
  const rsa = ['-newkey', 'rsa:2048', '-nodes'];
  try {
    await openssl([
      'req',
      '-x509',
      ...rsa,
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=standin-intermediate',
    ]);
    await openssl([
      'req',
      ...rsa,
      '-keyout',
      file('leaf.key'),
      '-out',
      file('leaf.csr'),
      '-subj',
      `/CN=${instanceId}/OU=opc-certtype:instance/OU=opc-instance:${instanceId}/OU=opc-tenant:${tenancyId}`,
    ]);
    await openssl([
      'x509',
      '-req',
      '-in',
      file('leaf.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file('leaf.pem'),
      '-days',
      '2',
    ]);
    const [cert, key, intermediate] = await Promise.all(
      ['leaf.pem', 'leaf.key', 'ca.pem'].map((name) => readFile(file(name), 'utf8')),
    );
    return { cert: cert as string, key: key as string, intermediate: intermediate as string };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
