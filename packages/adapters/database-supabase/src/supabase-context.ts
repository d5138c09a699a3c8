import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { AdapterError, DomainError, type DomainErrorCode, type Logger } from '@bharatmart/core';
import { WRITES_PAUSED_SQLSTATE } from '@bharatmart/database-sql';

/** What supabase-js resolves every query with. */
export interface PostgrestResult {
  data: unknown;
  /** PostgREST's error body; only `message` (possibly empty) for a HEAD request, which has no body. */
  error: { message: string; code?: string; details?: string | null; hint?: string | null } | null;
  count?: number | null;
  status: number;
}

/** A supabase-js query builder, awaitable. */
export interface PostgrestQuery extends PromiseLike<PostgrestResult> {
  retry(enabled: boolean): PromiseLike<PostgrestResult>;
}

/** A failed PostgREST call: its HTTP status (0 when no response arrived) and PostgREST's error body. */
export class PostgrestFailure extends Error {
  override readonly name = 'PostgrestFailure';
  constructor(
    readonly status: number,
    readonly code: string,
    /** PostgREST's `message`. */
    readonly reason: string,
    readonly details: string | null,
    readonly hint: string | null,
  ) {
    super(`PostgREST ${status} ${code}: ${reason}`);
  }
}

/** True when `error` is PostgREST's answer to a unique-key clash (23505, HTTP 409). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof PostgrestFailure && error.code === '23505';
}

// Raised by the migrations' functions with the domain code as HINT and the details as JSON DETAIL.
const FUNCTION_ERROR_CODES = new Set<DomainErrorCode>([
  'INSUFFICIENT_STOCK',
  'TOO_MANY_PENDING_ORDERS',
  'NOT_FOUND',
  'IDEMPOTENCY_KEY_REUSED',
]);

/** What every repository shares: the supabase-js client, the lifecycle flag and error translation. */
export class SupabaseContext {
  #closed = false;

  constructor(
    /** The adapter's name as configured (`supabase`); names the backend in AdapterErrors. */
    readonly name: string,
    readonly client: SupabaseClient,
    private readonly logger?: Logger,
  ) {}

  /** After this, every operation fails with AdapterError `UNAVAILABLE`. */
  markClosed(): void {
    this.#closed = true;
  }

  /** A new application-generated id (UUID v4 string), as the SQL adapters use. */
  newId(): string {
    return randomUUID();
  }

  /** The current time as stored: an ISO-8601 UTC string. */
  now(): string {
    return new Date().toISOString();
  }

  /**
   * Awaits a supabase-js query and returns its data and count; throws a PostgrestFailure on error.
   * supabase-js's own retries of reads (up to 7 s of back-off) are off: a failure surfaces at once,
   * as with the SQL adapters, and the callers that should retry (outbox relay, jobs) do.
   */
  async result<T>(query: PostgrestQuery): Promise<{ data: T; count: number | null }> {
    const { data, error, count, status } = await query.retry(false);
    if (error) {
      const reason = error.message || `HTTP ${status}`;
      throw new PostgrestFailure(status, error.code ?? '', reason, error.details ?? null, error.hint ?? null);
    }
    return { data: data as T, count: count ?? null };
  }

  /**
   * Runs one repository operation: refuses once closed and translates PostgREST failures as the SQL
   * adapters translate driver errors, so callers see DomainError, AdapterError or a programming error.
   */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new AdapterError(this.name, 'UNAVAILABLE', 'the database adapter is closed');
    try {
      return await operation();
    } catch (error) {
      throw this.#translate(error);
    }
  }

  #translate(error: unknown): unknown {
    if (!(error instanceof PostgrestFailure)) return error;
    const { status, code } = error;
    if (code === WRITES_PAUSED_SQLSTATE) {
      // A live switch's fence (or its flip) refused the write in the database; see db:switch.
      return new AdapterError(this.name, 'WRITES_PAUSED', error.reason, { cause: error });
    }
    if (status === 0 || status >= 500 || code.startsWith('08') || /^PGRST00\d$/.test(code)) {
      this.logger?.warn(
        { status, code, error: error.reason },
        'supabase: a request could not reach the database',
      );
      return new AdapterError(this.name, 'UNAVAILABLE', `Supabase unreachable: ${error.reason}`, {
        cause: error,
      });
    }
    if (status === 401 || /^PGRST30\d$/.test(code)) {
      return new AdapterError(
        this.name,
        'MISCONFIGURED',
        `Supabase refused the service role key: ${error.reason}`,
        {
          cause: error,
        },
      );
    }
    if (code === '23505') {
      return new DomainError('CONFLICT', 'a record with the same unique key already exists', undefined, {
        cause: error,
      });
    }
    if (code === '23503') {
      return new DomainError('NOT_FOUND', 'a record this change refers to does not exist', undefined, {
        cause: error,
      });
    }
    const domainCode = error.hint as DomainErrorCode | null;
    if (code === 'P0001' && domainCode !== null && FUNCTION_ERROR_CODES.has(domainCode)) {
      const details: unknown = error.details ? JSON.parse(error.details) : undefined;
      return new DomainError(domainCode, error.reason, details, { cause: error });
    }
    return error;
  }
}
