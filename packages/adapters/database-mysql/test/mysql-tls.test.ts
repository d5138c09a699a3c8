import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from '@jest/globals';
import { createConnection } from 'mysql2/promise';
import { describeDatabaseContract, describeWithBinaries, useTlsMariadb } from '@bharatmart/testkit';
import { createMysqlDatabase } from '../src/index.js';

/** Every code and message in `error`'s cause chain, joined. */
function messages(error: unknown): string {
  const found: string[] = [];
  for (
    let current = error, depth = 0;
    typeof current === 'object' && current !== null && depth < 6;
    depth++
  ) {
    const { message, cause, code } = current as { message?: unknown; cause?: unknown; code?: unknown };
    found.push(`${String(code)}: ${String(message)}`);
    current = cause;
  }
  return found.join(' / ');
}

describeWithBinaries(
  ['mariadbd', 'mariadb-install-db', 'openssl'],
  'mariadb-server openssl',
  'database-mysql over TLS (a CA file, the host name verified)',
  () => {
    const server = useTlsMariadb();
    // The certificate names `localhost` and 127.0.0.1; with a CA file the driver needs a host name.
    const url = (host = 'localhost') => server().url(host);
    const ca = () => readFileSync(server().certificates.caFile, 'utf8');

    // A new empty database per adapter, so the contract's fresh adapter really migrates from nothing.
    describeDatabaseContract('mysql', async () => {
      const name = `tls_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const admin = await createConnection({ uri: url(), ssl: { ca: ca(), verifyIdentity: true } });
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      return createMysqlDatabase({
        uri: url().replace(/\/test$/, `/${name}`),
        tlsCa: ca(),
        poolMax: 3,
      });
    });

    describe('certificate checks', () => {
      const refusedWith = async (uri: string, tlsCa: string, code: RegExp) => {
        const db = createMysqlDatabase({ uri, tlsCa, connectTimeoutMs: 3_000 });
        try {
          const failure = await db.migrations.latest().catch((error: unknown) => error);
          expect(failure).toHaveProperty('message');
          expect(messages(failure)).toMatch(code);
        } finally {
          await db.close();
        }
      };

      it('refuses a server whose certificate another CA signed', async () => {
        await refusedWith(
          url(),
          readFileSync(server().certificates.otherCaFile, 'utf8'),
          /HANDSHAKE_SSL_ERROR: .*(self-signed|unable to verify)/,
        );
      });

      it('refuses a server reached by a host name its certificate does not name', async () => {
        // This machine's own name reaches 127.0.0.1 (/etc/hosts) but is not in the certificate.
        const name = hostname();
        expect((await lookup(name)).address).toBe('127.0.0.1');
        await refusedWith(url(name), ca(), /HANDSHAKE_SSL_ERROR: .*does not match certificate's altnames/);
      });

      it('refuses an IP address with a CA file, whose name mysql2 would not check', () => {
        expect(() => createMysqlDatabase({ uri: url(server().certificates.wrongHost), tlsCa: ca() })).toThrow(
          /not the IP address 127\.0\.0\.2/,
        );
      });

      it('has no plaintext to fall back to: the server refuses a connection without TLS', async () => {
        const db = createMysqlDatabase({ uri: url(), connectTimeoutMs: 3_000 });
        try {
          // The same root that connects over TLS above: require_secure_transport turns it away.
          await expect(db.migrations.latest()).rejects.toThrow(/Access denied for user 'root'/);
        } finally {
          await db.close();
        }
      });
    });
  },
);
