import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startSupabaseStandin, type SupabaseStandin } from '@bharatmart/supabase-standin';
import { describeWithBinaries, postgresBinDirectory, useTlsPostgres } from '@bharatmart/testkit';
import { createSupabaseDatabase } from '../src/index.js';

const bin = postgresBinDirectory();
const binaries = [bin === undefined ? 'initdb' : `${bin}/initdb`, 'openssl'];

describeWithBinaries(
  binaries,
  'postgresql openssl',
  'supabase adapter: SUPABASE_DB_URL over verify-full TLS',
  () => {
    const server = useTlsPostgres();
    /** The cluster's URL with libpq's TLS parameters, as Supabase's dashboard hands them out. */
    const verifyFull = (caFile: string, host?: string) =>
      `${server().url(host)}?sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}`;
    let standin: SupabaseStandin | undefined;
    beforeAll(async () => {
      standin = await startSupabaseStandin({
        databaseUrl: verifyFull(server().certificates.caFile),
        jwtSecret: randomBytes(32).toString('hex'),
      });
    });
    afterAll(async () => {
      await standin?.stop();
    });

    const open = (dbUrl: string) => {
      if (!standin) throw new Error('the Supabase stand-in is not running');
      return createSupabaseDatabase({ url: standin.url, serviceRoleKey: standin.serviceRoleKey, dbUrl });
    };

    it('refuses a certificate of another CA, and a host name the certificate does not name', async () => {
      for (const dbUrl of [
        verifyFull(server().certificates.otherCaFile),
        verifyFull(server().certificates.caFile, server().certificates.wrongHost),
      ]) {
        const db = open(dbUrl);
        try {
          await expect(db.migrations.latest()).rejects.toThrow(
            /self-signed|unable to verify|does not match certificate's altnames/i,
          );
        } finally {
          await db.close();
        }
      }
    });

    it('migrates over the verified connection and serves through the REST gateway', async () => {
      const db = open(verifyFull(server().certificates.caFile));
      try {
        const applied = await db.migrations.latest();
        expect(applied.length).toBeGreaterThan(0);
        await expect(db.products.count()).resolves.toBe(0);
      } finally {
        await db.close();
      }
    });
  },
);
