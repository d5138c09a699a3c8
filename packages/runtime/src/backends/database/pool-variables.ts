import { int, variable } from '../variable-kinds.js';

/** Pool size and time limits the networked SQL backends (PostgreSQL, MySQL, Oracle) share. */
export const poolVariables = {
  DATABASE_POOL_MAX: variable(int(10, 1, 1000), 'PostgreSQL / MySQL / Oracle: most connections per process'),
  DATABASE_CONNECT_TIMEOUT_MS: variable(
    int(5000, 100, 600_000),
    'PostgreSQL / MySQL / Oracle: waiting for a connection longer than this fails the request with 503 (Oracle: the connect itself in whole seconds, rounded up)',
  ),
  DATABASE_STATEMENT_TIMEOUT_MS: variable(
    int(10_000, 100, 3_600_000),
    'PostgreSQL: a statement running longer is cancelled (503); Oracle: each round trip to the database is bounded by it (503)',
  ),
};

/** The pool settings as every networked SQL configuration carries them. */
export interface DatabasePoolConfig {
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** Maps the pool variables to the configuration's pool settings. */
export function poolConfig(values: {
  DATABASE_POOL_MAX: number;
  DATABASE_CONNECT_TIMEOUT_MS: number;
  DATABASE_STATEMENT_TIMEOUT_MS: number;
}): DatabasePoolConfig {
  return {
    poolMax: values.DATABASE_POOL_MAX,
    connectTimeoutMs: values.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: values.DATABASE_STATEMENT_TIMEOUT_MS,
  };
}
