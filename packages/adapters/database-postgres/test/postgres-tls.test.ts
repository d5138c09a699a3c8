import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  describeDatabaseContract,
  describeWithBinaries,
  postgresBinDirectory,
  useTlsPostgres,
} from '@bharatmart/testkit';
import { createPostgresDatabase } from '../src/index.js';

const bin = postgresBinDirectory();
const binaries = bin === undefined ? ['initdb', 'postgres'] : [`${bin}/initdb`, `${bin}/postgres`, 'openssl'];

/** The Node error code somewhere in `error`'s cause chain. */
function errorCode(error: unknown): string | undefined {
  for (
    let current = error, depth = 0;
    typeof current === 'object' && current !== null && depth < 6;
    depth++
  ) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && !/^[0-9A-Z]{5}$/.test(code) && code !== 'UNAVAILABLE') return code;
    current = cause;
  }
  return undefined;
}

describeWithBinaries(
  binaries,
  'postgresql openssl',
  'postgresql adapter over TLS (verify-full with a CA file)',
  () => {
    const server = useTlsPostgres();
    const ca = () => readFileSync(server().certificates.caFile, 'utf8');

    describeDatabaseContract('postgresql', async () =>
      createPostgresDatabase({
        connectionString: `${server().url()}?sslmode=disable`,
        tlsCa: ca(),
        poolMax: 3,
      }),
    );

    describe('certificate checks', () => {
      const refusedWith = async (connectionString: string, tlsCa: string | undefined, code: RegExp) => {
        const db = createPostgresDatabase({
          connectionString,
          connectionTimeoutMs: 3_000,
          ...(tlsCa === undefined ? {} : { tlsCa }),
        });
        try {
          const failure = await db.migrations.latest().catch((error: unknown) => error);
          expect(failure).toHaveProperty('message');
          expect(errorCode(failure)).toMatch(code);
        } finally {
          await db.close();
        }
      };

      it('refuses a server whose certificate another CA signed', async () => {
        await refusedWith(
          server().url(),
          readFileSync(server().certificates.otherCaFile, 'utf8'),
          /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/,
        );
      });

      it('refuses a server reached by a host name its certificate does not name', async () => {
        await refusedWith(
          server().url(server().certificates.wrongHost),
          ca(),
          /ERR_TLS_CERT_ALTNAME_INVALID/,
        );
      });

      it('has no plaintext to fall back to: the server refuses a connection without TLS', async () => {
        const db = createPostgresDatabase({ connectionString: server().url(), connectionTimeoutMs: 3_000 });
        try {
          await expect(db.products.count()).rejects.toThrow(/no pg_hba.conf entry .* no encryption/);
        } finally {
          await db.close();
        }
      });
    });
  },
);
