import { describe, expect, it } from '@jest/globals';
import {
  describeWithBinaries,
  postgresBinDirectory,
  runApp,
  useTlsMariadb,
  useTlsPostgres,
  useTlsRedis,
} from '@bharatmart/testkit';
import { describeJourney } from './scenarios/journey.js';
import { API_ENTRY, startTestApi, startTestWorker, testEnv } from './support.js';

const bin = postgresBinDirectory();
const binaries = [bin === undefined ? 'initdb' : `${bin}/initdb`, 'redis-server', 'openssl'];

describeWithBinaries(
  binaries,
  'postgresql redis-server openssl',
  'API with every connection over verified TLS',
  () => {
    const postgres = useTlsPostgres();
    const redis = useTlsRedis();
    const tlsEnv = () => ({
      DATABASE_TYPE: 'postgresql',
      DATABASE_URL: postgres().url(),
      POSTGRES_CA_FILE: postgres().certificates.caFile,
      CACHE_TYPE: 'redis',
      CACHE_REDIS_URL: redis().url(),
      WORKER_MODE: 'bull-queue',
      QUEUE_REDIS_URL: redis().url(),
      REDIS_CA_FILE: redis().certificates.caFile,
    });

    describeJourney(
      'PostgreSQL verify-full + rediss:// cache and BullMQ, a separate worker process',
      async () => {
        const api = await startTestApi(tlsEnv());
        return { ...api, companions: [await startTestWorker(tlsEnv())] };
      },
    );

    describe('a refused certificate stops startup naming the setting', () => {
      it('PostgreSQL: another CA', async () => {
        const { code, output } = await runApp(
          API_ENTRY,
          testEnv({ ...tlsEnv(), POSTGRES_CA_FILE: postgres().certificates.otherCaFile }),
        );
        expect(code).not.toBe(0);
        expect(output).toMatch(
          /POSTGRES_CA_FILE: the TLS certificate of the postgresql server was refused \(.*certificate/,
        );
        expect(output).not.toContain('Server listening');
      });

      it('PostgreSQL: a host name the certificate does not name', async () => {
        const { code, output } = await runApp(
          API_ENTRY,
          testEnv({ ...tlsEnv(), DATABASE_URL: postgres().url(postgres().certificates.wrongHost) }),
        );
        expect(code).not.toBe(0);
        expect(output).toMatch(
          /POSTGRES_CA_FILE: the TLS certificate of the postgresql server was refused \(Hostname\/IP does not match/,
        );
      });

      it('PostgreSQL: an sslmode that would allow plaintext beside POSTGRES_CA_FILE', async () => {
        const { code, output } = await runApp(
          API_ENTRY,
          testEnv({ ...tlsEnv(), DATABASE_URL: `${postgres().url()}?sslmode=prefer` }),
        );
        expect(code).not.toBe(0);
        expect(output).toContain(
          'DATABASE_URL: sslmode=prefer would allow an unverified or plaintext connection',
        );
      });

      it('Redis: another CA, and a host name the certificate does not name', async () => {
        const otherCa = await runApp(
          API_ENTRY,
          testEnv({ ...tlsEnv(), REDIS_CA_FILE: redis().certificates.otherCaFile }),
        );
        expect(otherCa.code).not.toBe(0);
        expect(otherCa.output).toMatch(
          /_REDIS_URL: the TLS certificate of 127\.0\.0\.1:\d+ was refused .*set REDIS_CA_FILE/,
        );
        const wrongHost = await runApp(
          API_ENTRY,
          testEnv({ ...tlsEnv(), CACHE_REDIS_URL: redis().url(redis().certificates.wrongHost) }),
        );
        expect(wrongHost.code).not.toBe(0);
        expect(wrongHost.output).toMatch(
          /CACHE_REDIS_URL: the TLS certificate of 127\.0\.0\.2:\d+ was refused \(Hostname\/IP does not match/,
        );
      });
    });
  },
);

describeWithBinaries(
  ['mariadbd', 'mariadb-install-db', 'openssl'],
  'mariadb-server openssl',
  'API on MySQL over verified TLS',
  () => {
    const mariadb = useTlsMariadb();
    const env = (caFile: string) => ({
      DATABASE_TYPE: 'mysql',
      MYSQL_URL: mariadb().url('localhost'),
      MYSQL_CA_FILE: caFile,
    });

    it('starts with the right CA and answers over the database', async () => {
      const api = await startTestApi(env(mariadb().certificates.caFile));
      try {
        expect((await api.client.get('/api/v1/products')).status).toBe(200);
      } finally {
        await api.app.stop();
      }
    });

    it('stops startup naming MYSQL_CA_FILE when another CA signed the certificate', async () => {
      const { code, output } = await runApp(API_ENTRY, testEnv(env(mariadb().certificates.otherCaFile)));
      expect(code).not.toBe(0);
      expect(output).toMatch(
        /MYSQL_CA_FILE: the TLS certificate of the mysql server was refused \(.*certificate/,
      );
    });
  },
);
