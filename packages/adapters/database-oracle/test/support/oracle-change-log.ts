import type { RecordingOracle } from './recording-oracle.js';

type Change = Record<string, unknown> & { seq: number; table_name: string; row_key: string };

/**
 * A scripted switch source's change log (`bharatmart_switch_changes`): what the capture triggers would
 * have logged for the writes a scenario makes, answered to the statements the switch sends for it —
 * the oldest changes up to a limit, the count, deletes by `seq` and the clearing delete. Keys are
 * logged as JSON_ARRAY_T.to_string() writes them: no spaces, strings quoted, numbers bare. It stands
 * in for Oracle's answers only; the live suite runs the real triggers.
 */
export class OracleChangeLog {
  readonly changes: Change[] = [];
  #seq = 0;

  /** Logs a write to the row of `table` with primary key `key`, as the row trigger would. */
  record(table: string, key: readonly (string | number)[]): void {
    this.changes.push({ seq: ++this.#seq, table_name: table, row_key: JSON.stringify(key) });
  }

  /** Adds the change log's rules to `oracle` (before any broader rule, since the first match answers). */
  script(oracle: RecordingOracle): RecordingOracle {
    const table = '"bharatmart_switch_changes"';
    return oracle
      .on(new RegExp(`^select "seq", "table_name", "row_key" from ${table} order by "seq"`), (binds) => ({
        rows: this.changes.slice(0, Number(binds.at(-1))),
      }))
      .on(new RegExp(`^select count\\(\\*\\) "count" from ${table}$`), () => ({
        rows: [{ count: this.changes.length }],
      }))
      .on(new RegExp(`^delete from ${table} where "seq" in `), (binds) => {
        const consumed = new Set(binds.map(Number));
        const before = this.changes.length;
        this.changes.splice(0, before, ...this.changes.filter((change) => !consumed.has(change.seq)));
        return { rowsAffected: before - this.changes.length };
      })
      .on(new RegExp(`^delete from ${table}$`), () => {
        const before = this.changes.length;
        this.changes.length = 0;
        return { rowsAffected: before };
      });
  }
}
