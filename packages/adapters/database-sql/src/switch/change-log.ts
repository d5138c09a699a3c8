import type { Kysely } from 'kysely';
import { COPY_TABLES, type TableSpec } from '../copy/copy-tables.js';
import { upsertRows, type AnyTables } from '../copy/table-rows.js';
import { anyTables, type SqlAccess } from '../copy/sql-access.js';
import {
  addKey,
  byKeys,
  keyText,
  keyValuesText,
  KEYS_PER_QUERY,
  readByKeys,
  type KeySet,
} from './row-keys.js';
import { SWITCH_CHANGES_TABLE, switchDb } from './switch-tables.js';

/** Changes still logged on the source and not yet applied to the target. */
export async function pendingChanges(source: SqlAccess): Promise<number> {
  const { count } = await switchDb(source)
    .selectFrom(SWITCH_CHANGES_TABLE)
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Empties the change log (a new switch starts from a full copy). */
export async function clearChanges(source: SqlAccess): Promise<void> {
  await switchDb(source).deleteFrom(SWITCH_CHANGES_TABLE).execute();
}

/**
 * Applies up to `limit` logged changes to the target and removes them from the log; returns how many
 * log rows it consumed. Each change names a row by primary key; what is copied is the row's current
 * state at the source (inserted or replaced on the target), or its absence (deleted on the target), so
 * applying a change twice, or out of order, gives the same result. Rows are written parents first and
 * deleted children first. The log is consumed by `seq` of the rows read, not by a cursor: a writer that
 * took a lower `seq` but committed later is still in the log on the next call. The keys of the rows
 * applied are added to `applied`, when given.
 */
export async function applyChanges(
  source: SqlAccess,
  target: SqlAccess,
  limit: number,
  applied?: KeySet,
): Promise<number> {
  const log = await switchDb(source)
    .selectFrom(SWITCH_CHANGES_TABLE)
    .select(['seq', 'table_name', 'row_key'])
    .orderBy('seq')
    .limit(limit)
    .execute();
  if (log.length === 0) return 0;
  const keysByTable: KeySet = new Map();
  for (const change of log) {
    const key = JSON.parse(change.row_key) as unknown[];
    addKey(keysByTable, change.table_name, key);
    if (applied) addKey(applied, change.table_name, key);
  }
  const gone: { spec: TableSpec; keys: unknown[][] }[] = [];
  for (const spec of COPY_TABLES) {
    const keys = keysByTable.get(spec.table);
    if (!keys) continue;
    const missing = await copyCurrentRows(source, target, spec, [...keys.values()]);
    if (missing.length > 0) gone.push({ spec, keys: missing });
  }
  for (const { spec, keys } of gone.reverse()) await deleteRows(anyTables(target), spec, keys);
  await switchDb(source)
    .deleteFrom(SWITCH_CHANGES_TABLE)
    .where(
      'seq',
      'in',
      log.map((change) => change.seq),
    )
    .execute();
  return log.length;
}

/** Copies the source's current rows of `keys` to the target; returns the keys the source no longer has. */
async function copyCurrentRows(
  source: SqlAccess,
  target: SqlAccess,
  spec: TableSpec,
  keys: unknown[][],
): Promise<unknown[][]> {
  const missing: unknown[][] = [];
  for (let start = 0; start < keys.length; start += KEYS_PER_QUERY) {
    const chunk = keys.slice(start, start + KEYS_PER_QUERY);
    const rows = await readByKeys(source, spec, chunk);
    const found = new Set(rows.map((row) => keyText(spec, row)));
    for (const key of chunk) {
      if (!found.has(keyValuesText(key))) missing.push(key);
    }
    await upsertRows(anyTables(target), target.features, spec, rows);
  }
  return missing;
}

async function deleteRows(db: Kysely<AnyTables>, spec: TableSpec, keys: unknown[][]): Promise<void> {
  for (let start = 0; start < keys.length; start += KEYS_PER_QUERY) {
    await db
      .deleteFrom(spec.table)
      .where(byKeys(spec, keys.slice(start, start + KEYS_PER_QUERY)))
      .execute();
  }
}
