/**
 * One PostgreSQL-only schema change of the Supabase adapter (functions for `.rpc()`, Row Level
 * Security), applied over the direct connection after the shared SQL migrations of
 * `@bharatmart/database-sql`, and tracked in `bharatmart_supabase_migrations`.
 */
export interface SupabaseMigration {
  /** Unique and sortable; prefixed `supabase-` so it never clashes with a shared migration's name. */
  readonly name: string;
  /** Statements run in one transaction, with the shared schema already in place. */
  readonly sql: string;
}
