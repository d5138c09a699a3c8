export {
  createSupabaseDatabase,
  RealtimeNotUsed,
  type SupabaseDatabaseOptions,
} from './supabase-database-adapter.js';
export { supabaseMigrations, type SupabaseMigration } from './migrations/supabase-migrations.js';
export { SUPABASE_MIGRATION_TABLE } from './migrations/migration-runner.js';
