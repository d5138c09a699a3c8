import oracledb from 'oracledb';

/** The result of one statement, as the dialect reads it. */
export interface OracleResult {
  /** Rows of a query, as objects keyed by column name (as Oracle spells it: lower case for ours). */
  readonly rows?: Record<string, unknown>[];
  /** Rows inserted, updated or deleted by DML. */
  readonly rowsAffected?: number;
}

/**
 * One Oracle session as the dialect uses it: oracledb's Connection narrowed to four calls, so the
 * SQL tests can record what the adapter sends without a server.
 */
export interface OracleSession {
  /** Runs one statement with positional binds (`:1`, `:2`, …); `autoCommit` commits it on success. */
  execute(sql: string, binds: readonly unknown[], autoCommit: boolean): Promise<OracleResult>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Returns a pooled session to its pool; closes a standalone one. */
  close(): Promise<void>;
}

/** Where sessions come from: an oracledb pool, or a recording stand-in in tests. */
export interface OraclePool {
  getSession(): Promise<OracleSession>;
  /** Closes every session; sessions still in use get a few seconds to be returned first. */
  close(): Promise<void>;
}

/**
 * How columns are fetched: CLOBs as strings (our JSON and long text are read whole), and NUMBERs
 * wider than 15 digits (money, `number(19)`) as decimal strings, which the row mappers convert to
 * numbers while exact and refuse beyond 2^53 instead of rounding. Other NUMBERs are JS numbers.
 */
export function fetchTypeHandler(
  metadata: oracledb.Metadata<unknown>,
): oracledb.FetchTypeResponse | undefined {
  if (metadata.dbType === oracledb.DB_TYPE_CLOB || metadata.dbType === oracledb.DB_TYPE_NCLOB) {
    return { type: oracledb.STRING };
  }
  if (metadata.dbType === oracledb.DB_TYPE_NUMBER && (metadata.precision ?? 0) > 15) {
    return { type: oracledb.STRING };
  }
  return undefined;
}

/** `connection` as an OracleSession: rows as objects, fetched per `fetchTypeHandler`. */
export function sessionOf(connection: oracledb.Connection): OracleSession {
  return {
    async execute(sql, binds, autoCommit) {
      const result = await connection.execute<Record<string, unknown>>(
        sql,
        [...binds] as oracledb.BindParameters,
        {
          autoCommit,
          outFormat: oracledb.OUT_FORMAT_OBJECT,
          fetchTypeHandler,
        },
      );
      return { rows: result.rows, rowsAffected: result.rowsAffected };
    },
    commit: () => connection.commit(),
    rollback: () => connection.rollback(),
    close: () => connection.close(),
  };
}
