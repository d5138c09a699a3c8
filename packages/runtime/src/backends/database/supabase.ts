import type { IDatabaseAdapter } from '@bharatmart/core';
import { z } from 'zod';
import { defineBackend } from '../descriptor.js';
import { text, variable } from '../variable-kinds.js';
import type { DatabaseDependencies } from './database-dependencies.js';

const SERVICE_ROLE_KEY = 'SUPABASE_SERVICE_ROLE_KEY';

/** DATABASE_TYPE=supabase: a Supabase project, over its API and its direct PostgreSQL connection. */
export const supabase = defineBackend({
  name: 'supabase',
  package: '@bharatmart/database-supabase',
  summary: 'a Supabase project',
  engine: 'postgresql',
  variables: {
    SUPABASE_URL: variable(
      z.url().optional(),
      'Supabase project URL (required for `supabase`); locally, `pnpm dev:supabase` prints it',
    ),
    SUPABASE_DB_URL: variable(
      text(),
      'direct PostgreSQL URL of the Supabase database (required for `supabase`): migrations, Postgres functions and Row Level Security policies are applied over it',
      { credential: true },
    ),
  },
  resolve: (values, context) => ({
    type: 'supabase' as const,
    url: context.need('SUPABASE_URL'),
    dbUrl: context.need('SUPABASE_DB_URL'),
  }),
  secrets: [
    {
      name: SERVICE_ROLE_KEY,
      doc: 'the service-role key (server side only; bypasses Row Level Security), required for `DATABASE_TYPE=supabase`',
      required: 'always',
    },
  ],
  load: () => import('@bharatmart/database-supabase'),
  create: async (module, config, deps: DatabaseDependencies): Promise<IDatabaseAdapter> =>
    module.createSupabaseDatabase({
      url: config.url,
      serviceRoleKey: deps.secretValues[SERVICE_ROLE_KEY] ?? '',
      dbUrl: config.dbUrl,
      logger: deps.logger,
    }),
});
