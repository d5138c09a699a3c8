import { COPY_TABLES, type TableSpec } from '../copy/copy-tables.js';
import { canonicalRow } from '../copy/row-checksum.js';
import { anyTables, type SqlAccess } from '../copy/sql-access.js';
import { countRows, readBatches, type Row } from '../copy/table-rows.js';
import {
  addKey,
  keyOf,
  keyText,
  keyValuesText,
  KEYS_PER_QUERY,
  readByKeys,
  type KeySet,
} from './row-keys.js';

/** One table's verification by a switch. */
export interface SwitchTableCheck {
  table: string;
  /** Rows on each side, counted under the fence. */
  sourceRows: number;
  targetRows: number;
  /** Rows compared one by one while the shop ran (before the fence). */
  comparedRows: number;
  /** Rows compared again under the fence: those that differed then or changed since. */
  recheckedRows: number;
  /** Equal counts, and every row rechecked equal on both sides. */
  match: boolean;
}

/** What the comparison before the fence found. */
export interface LiveComparison {
  /** Rows compared, per table. */
  compared: Map<string, number>;
  /** Rows that differed (or were missing on the target) when compared. */
  differing: KeySet;
}

/**
 * While the shop runs: compares every row of the source with the target's row of the same key (by
 * their canonical text, as the copy's checksum reads them), table by table in batches. A row that
 * differs was, in a working switch, written after the last catch-up: it is in the change log, and
 * the final check looks at it again.
 */
export async function compareLive(
  source: SqlAccess,
  target: SqlAccess,
  batchSize: number,
): Promise<LiveComparison> {
  const compared = new Map<string, number>();
  const differing: KeySet = new Map();
  for (const spec of COPY_TABLES) {
    let count = 0;
    for await (const rows of readBatches(anyTables(source), source.features, spec, batchSize)) {
      count += rows.length;
      for (const key of await differingRows(target, spec, rows)) addKey(differing, spec.table, key);
    }
    compared.set(spec.table, count);
  }
  return { compared, differing };
}

/**
 * Under the fence, after the final catch-up: counts every table on both sides and compares again,
 * row by row, the rows that differed before the fence and every row a catch-up applied since that
 * comparison began. Every other row was equal then and has not been written since on either side
 * (a write to the source logs its key; the target takes no writes but the switch's), so equal
 * counts and equal rechecked rows mean equal tables, at a cost that depends on what changed during
 * the switch, not on the size of the shop.
 */
export async function recheckUnderFence(
  source: SqlAccess,
  target: SqlAccess,
  live: LiveComparison,
  changedSince: KeySet,
): Promise<SwitchTableCheck[]> {
  const checks: SwitchTableCheck[] = [];
  for (const spec of COPY_TABLES) {
    const keys = new Map([
      ...(live.differing.get(spec.table) ?? []),
      ...(changedSince.get(spec.table) ?? []),
    ]);
    const [sourceRows, targetRows] = await Promise.all([
      countRows(anyTables(source), spec.table),
      countRows(anyTables(target), spec.table),
    ]);
    let differing = 0;
    const all = [...keys.values()];
    for (let start = 0; start < all.length; start += KEYS_PER_QUERY) {
      const chunk = all.slice(start, start + KEYS_PER_QUERY);
      const rows = await readByKeys(source, spec, chunk);
      differing += (await differingRows(target, spec, rows)).length;
      // A key the source no longer has must be gone from the target too.
      const onSource = new Set(rows.map((row) => keyText(spec, row)));
      const gone = chunk.filter((key) => !onSource.has(keyValuesText(key)));
      if (gone.length > 0) {
        differing += (await readByKeys(target, spec, gone)).length;
      }
    }
    checks.push({
      table: spec.table,
      sourceRows,
      targetRows,
      comparedRows: live.compared.get(spec.table) ?? 0,
      recheckedRows: keys.size,
      match: sourceRows === targetRows && differing === 0,
    });
  }
  return checks;
}

/** The keys of `rows` (source rows) whose row on the target is missing or different. */
async function differingRows(target: SqlAccess, spec: TableSpec, rows: Row[]): Promise<unknown[][]> {
  const differing: unknown[][] = [];
  for (let start = 0; start < rows.length; start += KEYS_PER_QUERY) {
    const chunk = rows.slice(start, start + KEYS_PER_QUERY);
    const onTarget = await readByKeys(
      target,
      spec,
      chunk.map((row) => keyOf(spec, row)),
    );
    const targetText = new Map(onTarget.map((row) => [keyText(spec, row), canonicalRow(row)]));
    for (const row of chunk) {
      if (targetText.get(keyText(spec, row)) !== canonicalRow(row)) differing.push(keyOf(spec, row));
    }
  }
  return differing;
}
