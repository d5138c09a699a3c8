import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import type { OraclePool, OracleSession } from './oracle-session.js';

/**
 * One pooled Oracle session as Kysely's connection. Outside a transaction every statement commits
 * on its own (autoCommit); between `begin` and `commit`/`rollback` none does, since Oracle starts a
 * transaction implicitly with the first change and has no BEGIN statement.
 */
export class OracleConnection implements DatabaseConnection {
  #inTransaction = false;

  constructor(readonly session: OracleSession) {}

  /** Runs the statement; rows come back as objects, DML reports its affected rows. */
  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.session.execute(
      compiledQuery.sql,
      compiledQuery.parameters,
      !this.#inTransaction,
    );
    const rows = (result.rows ?? []) as R[];
    return result.rowsAffected === undefined
      ? { rows }
      : { rows, numAffectedRows: BigInt(result.rowsAffected) };
  }

  /** Not offered: the shared SQL implementation reads in pages. */
  streamQuery(): never {
    throw new Error('the Oracle dialect does not stream query results');
  }

  /** Stops committing each statement; sets the isolation level first when asked for one. */
  async begin(settings: TransactionSettings): Promise<void> {
    const statement = setTransaction(settings);
    this.#inTransaction = true;
    if (statement) await this.session.execute(statement, [], false);
  }

  async commit(): Promise<void> {
    try {
      await this.session.commit();
    } finally {
      this.#inTransaction = false;
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.session.rollback();
    } finally {
      this.#inTransaction = false;
    }
  }
}

/**
 * Oracle offers two isolation levels: read committed (its default) and serializable, a snapshot of
 * the whole transaction. A weaker level asked for gets read committed; `repeatable read` and
 * `snapshot` get serializable, which promises at least as much. `read only` is itself a snapshot.
 */
function setTransaction({ accessMode, isolationLevel }: TransactionSettings): string | undefined {
  if (accessMode === 'read only') return 'set transaction read only';
  switch (isolationLevel) {
    case undefined:
      return undefined;
    case 'read uncommitted':
    case 'read committed':
      return 'set transaction isolation level read committed';
    case 'repeatable read':
    case 'serializable':
    case 'snapshot':
      return 'set transaction isolation level serializable';
  }
}

/** Kysely's driver over an OraclePool, opened on first use (and again after a failed opening). */
export class OracleDriver implements Driver {
  #pool: OraclePool | undefined;

  constructor(private readonly openPool: () => Promise<OraclePool>) {}

  async init(): Promise<void> {
    this.#pool = await this.openPool();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#pool) throw new Error('the Oracle pool is not open');
    return new OracleConnection(await this.#pool.getSession());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as OracleConnection).begin(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as OracleConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as OracleConnection).rollback();
  }

  /** Returns the session to the pool (which rolls back anything left uncommitted). */
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await (connection as OracleConnection).session.close();
  }

  async destroy(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.close();
  }
}
