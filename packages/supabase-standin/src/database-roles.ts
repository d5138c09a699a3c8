import type { Pool } from 'pg';

// Roles are cluster-wide: another stand-in may create them at the same moment, hence the handlers.
const CREATE_ROLES = `
DO $$
BEGIN
  BEGIN CREATE ROLE anon NOLOGIN NOINHERIT;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  BEGIN CREATE ROLE authenticated NOLOGIN NOINHERIT;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  BEGIN CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  IF NOT (SELECT rolbypassrls FROM pg_roles WHERE rolname = 'service_role') THEN
    ALTER ROLE service_role BYPASSRLS;
  END IF;
END
$$`;

// Supabase's defaults: the API roles may use every table of `public`; Row Level Security decides
// which rows. Default privileges cover tables that migrations create later.
const GRANTS = [
  'GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role',
  'GRANT ALL ON ALL TABLES IN SCHEMA public TO anon, authenticated, service_role',
  'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO anon, authenticated, service_role',
  'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role',
  'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role',
  'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO anon, authenticated, service_role',
];

/**
 * Prepares the database as Supabase's platform does: the roles `anon`, `authenticated` and
 * `service_role` (the latter BYPASSRLS) if missing, usage of `public`, and privileges on its present
 * and future tables. Needs a connection with CREATEROLE (a superuser, like `postgres`).
 */
export async function prepareDatabaseRoles(pool: Pool): Promise<void> {
  await pool.query(CREATE_ROLES);
  for (const grant of GRANTS) await pool.query(grant);
}
