import { randomBytes } from 'node:crypto';
import { afterAll } from '@jest/globals';
import { startSupabaseStandin } from '@bharatmart/supabase-standin';
import {
  createMysqlTestDatabase,
  createPostgresTestDatabase,
  describeWithBinaries,
  describeWithService,
  serviceUrl,
  startPgBouncer,
} from '@bharatmart/testkit';
import { describeJourney } from './scenarios/journey.js';
import { startTestApi, startTestWorker } from './support.js';

const dropAfter: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const drop of dropAfter) await drop();
});

await describeWithService('postgres', 'API on PostgreSQL', () => {
  describeJourney('PostgreSQL', async () => {
    const database = await createPostgresTestDatabase('api_journey');
    dropAfter.push(database.drop);
    return startTestApi({ DATABASE_TYPE: 'postgresql', DATABASE_URL: database.url });
  });
});

await describeWithService(['postgres', 'redis'], 'API on PostgreSQL through PgBouncer', () => {
  describeWithBinaries(
    ['pgbouncer'],
    'pgbouncer',
    'transaction mode, default ignore_startup_parameters',
    () => {
      describeJourney('PostgreSQL via PgBouncer, jobs run by a separate BullMQ worker process', async () => {
        const database = await createPostgresTestDatabase('api_pgbouncer');
        const pgbouncer = await startPgBouncer();
        dropAfter.push(async () => {
          await pgbouncer.stop();
          await database.drop();
        });
        const env = {
          DATABASE_TYPE: 'postgresql',
          DATABASE_URL: pgbouncer.via(database.url),
          WORKER_MODE: 'bull-queue',
          QUEUE_REDIS_URL: serviceUrl('redis'),
          QUEUE_PREFIX: database.name,
        };
        const api = await startTestApi(env);
        return { ...api, companions: [await startTestWorker(env)] };
      });
    },
  );
});

await describeWithService('mariadb', 'API on MySQL (MariaDB)', () => {
  describeJourney('MySQL', async () => {
    const database = await createMysqlTestDatabase('api_journey');
    dropAfter.push(database.drop);
    return startTestApi({ DATABASE_TYPE: 'mysql', MYSQL_URL: database.url });
  });
});

await describeWithService(['redis', 'postgres'], 'API with BullMQ workers', () => {
  describeJourney(
    'PostgreSQL + BullMQ + Redis cache, jobs run by two separate worker processes',
    async () => {
      const database = await createPostgresTestDatabase('api_bullmq');
      dropAfter.push(database.drop);
      const env = {
        DATABASE_TYPE: 'postgresql',
        DATABASE_URL: database.url,
        WORKER_MODE: 'bull-queue',
        QUEUE_REDIS_URL: serviceUrl('redis'),
        QUEUE_PREFIX: database.name,
        CACHE_TYPE: 'redis',
        CACHE_REDIS_URL: serviceUrl('redis'),
        CACHE_KEY_PREFIX: `${database.name}:`,
      };
      const api = await startTestApi(env);
      const workers = await Promise.all([startTestWorker(env), startTestWorker(env)]);
      return { ...api, companions: workers };
    },
  );
});

await describeWithService(
  'postgres',
  'API on Supabase (supabase-js over HTTP to the PostgREST stand-in)',
  () => {
    describeJourney('Supabase', async () => {
      const database = await createPostgresTestDatabase('api_supabase');
      const standin = await startSupabaseStandin({
        databaseUrl: database.url,
        jwtSecret: randomBytes(32).toString('hex'),
      });
      dropAfter.push(async () => {
        await standin.stop();
        await database.drop();
      });
      return startTestApi({
        DATABASE_TYPE: 'supabase',
        SUPABASE_URL: standin.url,
        SUPABASE_SERVICE_ROLE_KEY: standin.serviceRoleKey,
        SUPABASE_DB_URL: database.url,
      });
    });
    describeWithBinaries(
      ['pgbouncer'],
      'pgbouncer',
      'migrating through PgBouncer in transaction mode',
      () => {
        describeJourney('Supabase, SUPABASE_DB_URL via PgBouncer', async () => {
          const database = await createPostgresTestDatabase('api_supabase_pgbouncer');
          const pgbouncer = await startPgBouncer();
          const standin = await startSupabaseStandin({
            databaseUrl: database.url,
            jwtSecret: randomBytes(32).toString('hex'),
          });
          dropAfter.push(async () => {
            await standin.stop();
            await pgbouncer.stop();
            await database.drop();
          });
          return startTestApi({
            DATABASE_TYPE: 'supabase',
            SUPABASE_URL: standin.url,
            SUPABASE_SERVICE_ROLE_KEY: standin.serviceRoleKey,
            SUPABASE_DB_URL: pgbouncer.via(database.url),
          });
        });
      },
    );
  },
);
