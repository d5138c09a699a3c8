/**
 * An error as PostgREST answers it: the HTTP status and the JSON body `{code, details, hint, message}`.
 * `code` is a PostgreSQL SQLSTATE or one of PostgREST's own `PGRSTxxx` codes.
 */
export class PostgrestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
  ) {
    super(message);
  }

  /** The response body, in the key order PostgREST writes. */
  toJSON(): { code: string; details: string | null; hint: string | null; message: string } {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message };
  }
}

/** PGRST100: a query-string parameter PostgREST (or this stand-in) cannot parse. */
export function parseError(message: string, details: string | null = null): PostgrestError {
  return new PostgrestError(400, 'PGRST100', message, details);
}

const EXACT_STATUS: Record<string, number> = {
  '23503': 409,
  '23505': 409,
  '25006': 405,
  '53400': 500,
  '42883': 404,
  '42P01': 404,
  '42P17': 500,
  P0001: 400,
};

const PREFIX_STATUS: Record<string, number> = {
  '08': 503,
  '09': 500,
  '0L': 403,
  '0P': 403,
  '25': 500,
  '28': 403,
  '2D': 500,
  '38': 500,
  '39': 500,
  '3B': 500,
  '40': 500,
  '53': 503,
  '54': 500,
  '55': 500,
  '57': 500,
  '58': 500,
  F0: 500,
  HV: 500,
  P0: 500,
  XX: 500,
};

/**
 * The HTTP status PostgREST answers a PostgreSQL error with (its documented table): `42501` is 401
 * for the anonymous role and 403 otherwise, `PTxyz` is status xyz, anything unlisted is 400.
 */
export function statusOfSqlState(code: string, anonymous: boolean): number {
  if (code === '42501') return anonymous ? 401 : 403;
  const exact = EXACT_STATUS[code];
  if (exact !== undefined) return exact;
  if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
  return PREFIX_STATUS[code.slice(0, 2)] ?? 400;
}

/** A node-pg error (or a connection failure) as the PostgREST error it becomes. */
export function fromDatabaseError(error: unknown, anonymous: boolean): PostgrestError {
  if (error instanceof PostgrestError) return error;
  const { code, message, detail, hint } = error as {
    code?: unknown;
    message?: unknown;
    detail?: unknown;
    hint?: unknown;
  };
  const text = typeof message === 'string' ? message : String(error);
  // Node's network codes (ECONNREFUSED, EPIPE, …) start with E; no SQLSTATE class does.
  if ((typeof code === 'string' && code.startsWith('E')) || /connection terminated/i.test(text)) {
    return new PostgrestError(503, 'PGRST001', 'Database client error. Retrying the connection.', text);
  }
  if (/timeout exceeded when trying to connect/i.test(text)) {
    return new PostgrestError(504, 'PGRST003', 'Timed out acquiring connection from connection pool.', text);
  }
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) {
    return new PostgrestError(500, 'PGRSTX00', 'Internal error of the stand-in', text);
  }
  return new PostgrestError(
    statusOfSqlState(code, anonymous),
    code,
    text,
    typeof detail === 'string' ? detail : null,
    typeof hint === 'string' ? hint : null,
  );
}
