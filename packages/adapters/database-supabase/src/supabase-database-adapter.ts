import { createAddressRepository } from './address-repository.js';
import { createClient, type WebSocketLikeConstructor } from '@supabase/supabase-js';
import { AdapterError, measureHealth, type IDatabaseAdapter, type Logger } from '@bharatmart/core';
import { classifyPostgresError, type SqlAccessible } from '@bharatmart/database-sql';
import { connectDirect, createDirectSqlDatabase } from './migrations/direct-connection.js';
import { createSupabaseMigrationRunner } from './migrations/migration-runner.js';
import { supabaseMigrations } from './migrations/supabase-migrations.js';
import { createOrderRepository } from './order-repository.js';
import { createOutboxRepository } from './outbox-repository.js';
import { createProductRepository } from './product-repository.js';
import {
  createEmailRepository,
  createInvoiceRepository,
  createPaymentRepository,
} from './record-repositories.js';
import { SupabaseContext } from './supabase-context.js';
import { createUserRepository } from './user-repository.js';

export interface SupabaseDatabaseOptions {
  /** The project URL (SUPABASE_URL), e.g. `https://abcd.supabase.co`; PostgREST is under `/rest/v1`. */
  url: string;
  /** The service role key (SUPABASE_SERVICE_ROLE_KEY): a secret that bypasses Row Level Security. */
  serviceRoleKey: string;
  /**
   * A direct PostgreSQL connection to the project's database (SUPABASE_DB_URL), used only by
   * `migrations`, as Supabase's own migration tooling connects.
   */
  dbUrl: string;
  /** Milliseconds one HTTP request may take before it fails `UNAVAILABLE`. Default 10000. */
  requestTimeoutMs?: number;
  /** Receives a warning for every request that could not reach Supabase. */
  logger?: Logger;
}

/**
 * supabase-js builds its Realtime client eagerly and, on Node 20, needs a WebSocket class for it.
 * For clients that never subscribe to a channel (this adapter): constructing one throws
 * `AdapterError` `NOT_SUPPORTED`.
 */
export class RealtimeNotUsed {
  constructor() {
    throw new AdapterError(
      'supabase',
      'NOT_SUPPORTED',
      'the database adapter does not use Supabase Realtime',
    );
  }
}

// Creating the functions and policies takes locks on every table; allow more than a request's time.
const MIGRATION_STATEMENT_TIMEOUT_MS = 60_000;

/** `fetch` that gives up after `timeoutMs`, so a silent network never hangs a call. */
function boundedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return fetch(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    });
  };
}

/**
 * A failure of the direct connection (`dbUrl`) as this adapter's: the shared runner names itself
 * `postgresql`, and a refused connection arrives as a raw driver error.
 */
function directFailure(error: unknown): unknown {
  if (error instanceof AdapterError) {
    return new AdapterError('supabase', error.code, `direct connection (dbUrl): ${error.message}`, {
      cause: error,
    });
  }
  const cause = error instanceof Error ? error.cause : undefined;
  if (classifyPostgresError(error) !== 'unavailable' && classifyPostgresError(cause) !== 'unavailable')
    return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AdapterError('supabase', 'UNAVAILABLE', `direct connection (dbUrl) failed: ${message}`, {
    cause: error,
  });
}

/**
 * An IDatabaseAdapter named `supabase`: supabase-js with the service role key, server side (no
 * session). Reads and simple writes go through PostgREST's query builder; order creation,
 * transitions, payment recording and user creation call Postgres functions with `.rpc()`, each one
 * transaction with its outbox jobs. `migrations` applies the shared SQL schema and then the
 * adapter's functions and Row Level Security policies over `dbUrl`. PostgREST errors map as the SQL
 * adapters' driver errors do; no response (network failure, timeout) or a 5xx is `UNAVAILABLE`.
 */
export function createSupabaseDatabase(options: SupabaseDatabaseOptions): IDatabaseAdapter & SqlAccessible {
  const { logger } = options;
  const client = createClient(options.url, options.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: boundedFetch(options.requestTimeoutMs ?? 10_000) },
    realtime: { transport: RealtimeNotUsed as unknown as WebSocketLikeConstructor },
  });
  const ctx = new SupabaseContext('supabase', client, logger);
  // Connects on first use only: an adapter that never migrates never opens a direct connection.
  const direct = createDirectSqlDatabase(options.dbUrl, MIGRATION_STATEMENT_TIMEOUT_MS, logger);
  const runner = createSupabaseMigrationRunner(
    direct.migrations,
    () => connectDirect(options.dbUrl, MIGRATION_STATEMENT_TIMEOUT_MS),
    supabaseMigrations,
    MIGRATION_STATEMENT_TIMEOUT_MS,
  );
  const migrate = <T>(step: () => Promise<T>) =>
    ctx.run(async () => {
      try {
        return await step();
      } catch (error) {
        throw directFailure(error);
      }
    });
  let closing: Promise<void> | undefined;

  return {
    name: 'supabase',
    products: createProductRepository(ctx),
    users: createUserRepository(ctx),
    orders: createOrderRepository(ctx),
    payments: createPaymentRepository(ctx),
    invoices: createInvoiceRepository(ctx),
    addresses: createAddressRepository(ctx),
    emails: createEmailRepository(ctx),
    outbox: createOutboxRepository(ctx),
    // Row-level access over the direct connection, for the tools that work on whole tables (db:copy,
    // db:switch) and for reading a live switch's record; repositories never use it.
    sqlAccess: direct.sqlAccess,
    migrations: {
      latest: () => migrate(() => runner.latest()),
      status: () => migrate(() => runner.status()),
      // Through the REST gateway, not the direct URL: the identity of the data this adapter serves.
      identity: () =>
        ctx.run(async () => {
          const { data } = await ctx.result<{ id: string } | null>(
            client.from('database_identity').select('id').limit(1).maybeSingle(),
          );
          if (!data) throw new Error('the database has no identity row; apply the migrations first');
          return data.id;
        }),
    },
    health: () =>
      measureHealth(() =>
        ctx.run(() => ctx.result(client.from('products').select('id', { head: true }).limit(1))),
      ),
    close: () =>
      (closing ??= (async () => {
        ctx.markClosed();
        await direct.close();
      })()),
  };
}
