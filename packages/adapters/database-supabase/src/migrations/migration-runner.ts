import type { MigrationRunner, MigrationStatus } from '@bharatmart/core';
import { setLocalStatementTimeout, type DirectClient } from './direct-connection.js';
import type { SupabaseMigration } from './supabase-migration.js';

/** Where the Supabase adapter's own migrations are recorded (the shared ones are in `bharatmart_migrations`). */
export const SUPABASE_MIGRATION_TABLE = 'bharatmart_supabase_migrations';

// An arbitrary constant: the advisory lock that serialises concurrent runners on one database.
const LOCK_KEY = 0x62_6d_73_62; // "bmsb"

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS public.${SUPABASE_MIGRATION_TABLE}
  (name varchar(255) PRIMARY KEY, applied_at varchar(32) NOT NULL)`;

/** Names of the applied migrations with when; empty before the table exists. */
async function appliedNames(client: DirectClient): Promise<Map<string, string>> {
  const { rows: found } = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [
    `public.${SUPABASE_MIGRATION_TABLE}`,
  ]);
  if (found[0]?.present !== true) return new Map();
  const { rows } = await client.query(`SELECT name, applied_at FROM public.${SUPABASE_MIGRATION_TABLE}`);
  return new Map(rows.map((row) => [String(row.name), String(row.applied_at)]));
}

/**
 * The adapter's MigrationRunner but `identity` (which the adapter reads through REST): first the shared SQL migrations (`shared`, the runner of
 * `createDirectSqlDatabase` over the direct URL), then `migrations` over a direct connection, in one
 * transaction bounded by `statementTimeoutMs` under a transaction-scoped advisory lock (so also
 * through a transaction-mode pooler), so concurrent callers apply each exactly once. `status()` lists
 * both, shared first.
 */
export function createSupabaseMigrationRunner(
  shared: MigrationRunner,
  connect: () => Promise<DirectClient>,
  migrations: readonly SupabaseMigration[],
  statementTimeoutMs: number,
): Omit<MigrationRunner, 'identity'> {
  const withClient = async <T>(work: (client: DirectClient) => Promise<T>): Promise<T> => {
    const client = await connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => {});
    }
  };

  return {
    async latest() {
      const applied = await shared.latest();
      const ours = await withClient(async (client) => {
        let current: string | undefined;
        try {
          await client.query(`BEGIN; ${setLocalStatementTimeout(statementTimeoutMs)}`);
          await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
          await client.query(CREATE_TABLE);
          const done = await appliedNames(client);
          const names: string[] = [];
          for (const migration of migrations) {
            if (done.has(migration.name)) continue;
            current = migration.name;
            await client.query(migration.sql);
            await client.query(
              `INSERT INTO public.${SUPABASE_MIGRATION_TABLE} (name, applied_at) VALUES ($1, $2)`,
              [migration.name, new Date().toISOString()],
            );
            names.push(migration.name);
          }
          await client.query('COMMIT');
          return names;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(
            current ? `migration ${current} failed: ${message}` : `migrations failed: ${message}`,
            {
              cause: error,
            },
          );
        }
      });
      return [...applied, ...ours];
    },

    async status(): Promise<MigrationStatus[]> {
      const sharedStatus = await shared.status();
      const done = await withClient(appliedNames);
      const ours = migrations.map((migration) => {
        const appliedAt = done.get(migration.name);
        return appliedAt === undefined ? { name: migration.name } : { name: migration.name, appliedAt };
      });
      return [...sharedStatus, ...ours];
    },
  };
}
