import type { RecordingOracle } from './recording-oracle.js';

type Row = Record<string, unknown>;

/** Work to do while the adapter waits for Oracle's answer (writes to a switch's source, say). */
export interface OracleRowsHooks {
  beforeInsert?: () => Promise<void>;
  beforeSelectByKeys?: () => Promise<void>;
  /**
   * After each read of every row in key order (a copy's or a comparison's batch) has taken the rows
   * held then, before it is answered: its writes land just after the read.
   */
  afterScan?: () => Promise<void>;
}

/**
 * One table of a scripted Oracle schema that keeps what is written to it, for scenarios in which the
 * adapter reads back rows it wrote (a copy's verification, a switch's comparison). It answers the
 * statements the copy and the switch send for a table keyed by `id`: update by key (rows affected:
 * 1 when the row is held, else 0), insert, delete by keys, select by keys or of every row, count. Values are kept as
 * Oracle stores them: '' as NULL. It stands in for Oracle's answers only; the SQL sent is what the
 * snapshot checks, and oracle-live.test.ts runs the same statements on a real Oracle.
 */
export class OracleRows {
  readonly rows = new Map<string, Row>();

  /** Each hook runs, and is waited for, before every statement of its kind is answered. */
  constructor(
    readonly table: string,
    private readonly hooks: OracleRowsHooks = {},
  ) {}

  /** Adds this table's rules to `oracle` (before any broader rule, since the first match answers). */
  script(oracle: RecordingOracle): RecordingOracle {
    const quoted = `"${this.table}"`;
    return oracle
      .on(new RegExp(`^update ${quoted} set `), (binds, sql) => this.#update(binds, sql))
      .on(new RegExp(`^insert into ${quoted} \\(`), (binds, sql) => this.#insert(binds, sql))
      .on(new RegExp(`^delete from ${quoted} where `), (binds) => this.#delete(binds))
      .on(new RegExp(`^select count\\(\\*\\) "rows" from ${quoted}$`), () => ({
        rows: [{ rows: this.rows.size }],
      }))
      .on(new RegExp(`^select \\* from ${quoted}`), (binds, sql) => this.#select(binds, sql));
  }

  /** By keys (`where "id" = :1 or …`), or every row in key order (a first batch; none follows here). */
  async #select(binds: readonly unknown[], sql: string): Promise<{ rows: Row[] }> {
    if (/ where \(?"id" = :1\b/.test(sql)) {
      await this.hooks.beforeSelectByKeys?.();
      return {
        rows: binds.flatMap((id): Row[] => {
          const row = this.rows.get(String(id));
          return row ? [row] : [];
        }),
      };
    }
    if (!/ where /.test(sql)) {
      const rows = [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
      await this.hooks.afterScan?.();
      return { rows };
    }
    throw new Error(`OracleRows does not answer ${sql}`);
  }

  #update(binds: readonly unknown[], sql: string) {
    const id = String(binds.at(-1));
    const held = this.rows.get(id);
    if (!held) return { rowsAffected: 0 };
    const columns = [...sql.slice(0, sql.indexOf(' where ')).matchAll(/"(\w+)" = :\d+/g)].map(
      ([, column]) => column as string,
    );
    this.rows.set(id, { ...held, ...asStored(columns, binds) });
    return { rowsAffected: 1 };
  }

  async #insert(binds: readonly unknown[], sql: string) {
    const list = sql.slice(sql.indexOf('(') + 1, sql.indexOf(')'));
    const columns = [...list.matchAll(/"(\w+)"/g)].map(([, column]) => column as string);
    const row = asStored(columns, binds);
    await this.hooks.beforeInsert?.();
    this.rows.set(String(row.id), row);
    return { rowsAffected: 1 };
  }

  #delete(binds: readonly unknown[]) {
    const before = this.rows.size;
    for (const id of binds) this.rows.delete(String(id));
    return { rowsAffected: before - this.rows.size };
  }
}

/** The row Oracle would store for `binds` of `columns`: '' becomes NULL. */
function asStored(columns: string[], binds: readonly unknown[]): Row {
  return Object.fromEntries(
    columns.map((column, index) => [column, binds[index] === '' ? null : binds[index]]),
  );
}
