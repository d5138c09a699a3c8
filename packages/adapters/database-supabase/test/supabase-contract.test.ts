import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import { startSupabaseStandin, type SupabaseStandin } from '@bharatmart/supabase-standin';
import { describeDatabaseContract, describeWithService, usePostgresTestDatabase } from '@bharatmart/testkit';
import { createSupabaseDatabase } from '../src/index.js';

await describeWithService('postgres', 'supabase adapter (supabase-js over HTTP to the stand-in)', () => {
  const database = usePostgresTestDatabase('supabase_contract');
  let standin: SupabaseStandin | undefined;
  beforeAll(async () => {
    standin = await startSupabaseStandin({
      databaseUrl: database().url,
      jwtSecret: randomBytes(32).toString('hex'),
    });
  });
  afterAll(async () => {
    await standin?.stop();
  });

  describeDatabaseContract('supabase', async () => {
    if (!standin) throw new Error('the Supabase stand-in is not running');
    return createSupabaseDatabase({
      url: standin.url,
      serviceRoleKey: standin.serviceRoleKey,
      dbUrl: database().url,
    });
  });
});
