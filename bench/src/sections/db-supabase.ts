import { randomBytes } from 'node:crypto';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { createSupabaseDatabase, RealtimeNotUsed } from '@bharatmart/database-supabase';
import { startSupabaseStandin } from '@bharatmart/supabase-standin';
import { createClient, type WebSocketLikeConstructor } from '@supabase/supabase-js';
import pg from 'pg';
import { onCleanup } from '../core/cleanup.js';
import { seedProducts } from '../core/seed.js';
import { freshPostgresDatabase } from '../core/services.js';

/** Both sides of the Supabase comparison, and how to stop them. */
export interface SupabaseSides {
  adapter: IDatabaseAdapter;
  raw: { get(id: string): Promise<unknown>; search(term: string): Promise<unknown> };
  ids: string[];
  close(): Promise<void>;
}

/**
 * The Supabase adapter and supabase-js used directly, both over HTTP to one PostgREST-protocol
 * stand-in on a fresh local PostgreSQL database holding `products` seeded products. The raw side is
 * configured as the adapter configures its client (without its request timeout), sends the requests
 * the adapter sends (the same select, `or=(…imatch…)` filter, order, range and exact count; a search
 * term needing no escaping) and keeps the rows as they come. `close` stops the adapter and the
 * stand-in, also when called at cleanup after a failure.
 */
export async function supabaseSides(products: number): Promise<SupabaseSides> {
  const url = await freshPostgresDatabase('db_overhead_supabase');
  const standin = await startSupabaseStandin({
    databaseUrl: url,
    jwtSecret: randomBytes(32).toString('hex'),
  });
  const adapter = createSupabaseDatabase({
    url: standin.url,
    serviceRoleKey: standin.serviceRoleKey,
    dbUrl: url,
  });
  const close = onCleanup('supabase adapter and stand-in', async () => {
    await adapter.close();
    await standin.stop();
  });
  const client = createClient(standin.url, standin.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: RealtimeNotUsed as unknown as WebSocketLikeConstructor },
  });
  try {
    await adapter.migrations.latest();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const ids = await seedProducts((sql, params) => pool.query(sql, params), products, 'pg').finally(() =>
      pool.end(),
    );
    const raw = {
      get: async (id: string) =>
        client.from('products').select('*').eq('id', id).maybeSingle().throwOnError(),
      search: async (term: string) =>
        client
          .from('products')
          .select('*', { count: 'exact' })
          .or(['name', 'description', 'sku'].map((column) => `${column}.imatch."${term}"`).join(','))
          .order('name')
          .order('id')
          .range(0, 19)
          .throwOnError(),
    };
    return { adapter, raw, ids, close };
  } catch (error) {
    await close();
    throw error;
  }
}
