import type { DatabaseIntrospector, Dialect, DialectAdapter, Driver, Kysely, QueryCompiler } from 'kysely';
import { OracleAdapter } from './oracle-adapter.js';
import { OracleDriver } from './oracle-driver.js';
import { OracleIntrospector } from './oracle-introspector.js';
import { OracleQueryCompiler } from './oracle-query-compiler.js';
import type { OraclePool, OracleSession } from './oracle-session.js';

/** Where the dialect's sessions come from. */
export interface OracleConnector {
  /** Opens the pool the queries use; called on first use, and again if it failed. */
  openPool(): Promise<OraclePool>;
  /** Opens a session outside the pool, for the migration lock. */
  openSession(): Promise<OracleSession>;
}

/**
 * Kysely has no Oracle dialect (and `kysely-oracledb` follows an older Kysely): this one compiles
 * with OracleQueryCompiler and runs through an OracleConnector (node-oracledb in thin mode in
 * production, a recorder in the SQL snapshot tests).
 */
export class OracleDialect implements Dialect {
  constructor(private readonly connector: OracleConnector) {}

  createDriver(): Driver {
    return new OracleDriver(() => this.connector.openPool());
  }

  createQueryCompiler(): QueryCompiler {
    return new OracleQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new OracleAdapter(() => this.connector.openSession());
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature Kysely's dialect declares
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OracleIntrospector(db);
  }
}
