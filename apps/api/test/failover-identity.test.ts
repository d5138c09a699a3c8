import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createContainer, createLogger, loadConfig } from '@bharatmart/runtime';
import { startSupabaseStandin, type SupabaseStandin } from '@bharatmart/supabase-standin';
import {
  createPostgresTestDatabase,
  describeWithService,
  type PostgresTestDatabase,
} from '@bharatmart/testkit';
import { testEnv } from './support.js';

const logger = createLogger({ level: 'silent', name: 'test' });

await describeWithService('postgres', 'failover pair identity at startup', () => {
  let served: PostgresTestDatabase;
  let other: PostgresTestDatabase;
  let standin: SupabaseStandin;

  beforeAll(async () => {
    served = await createPostgresTestDatabase('identity_served');
    other = await createPostgresTestDatabase('identity_other');
    standin = await startSupabaseStandin({
      databaseUrl: served.url,
      jwtSecret: randomBytes(32).toString('hex'),
    });
  });
  afterAll(async () => {
    await standin?.stop();
    await served?.drop();
    await other?.drop();
  });

  /** Composes an API process on Supabase (the stand-in over `served`) failing over to `fallbackUrl`. */
  const start = (fallbackUrl: string) => {
    const env = testEnv({
      DATABASE_TYPE: 'supabase',
      SUPABASE_URL: standin.url,
      SUPABASE_SERVICE_ROLE_KEY: standin.serviceRoleKey,
      SUPABASE_DB_URL: served.url,
      DATABASE_FALLBACK_TYPE: 'postgresql',
      DATABASE_URL: fallbackUrl,
    });
    return createContainer(loadConfig(env), { env, logger, role: 'api' });
  };

  it('starts when DATABASE_URL is the database behind the Supabase gateway', async () => {
    const container = await start(served.url);
    await container.close(1_000);
  });

  it('refuses to start when DATABASE_URL is another database, naming the variable and both sides', async () => {
    await expect(start(other.url)).rejects.toMatchObject({
      name: 'ConfigError',
      issues: [
        {
          variable: 'DATABASE_FALLBACK_TYPE',
          message: expect.stringMatching(
            /^postgresql does not reach the same database as DATABASE_TYPE=supabase: \[failover\(supabase,postgresql\)\] the primary supabase and the fallback postgresql are different databases/,
          ),
        },
      ],
    });
  });
});
