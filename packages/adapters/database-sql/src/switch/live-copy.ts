import { COPY_TABLES, type TableSpec } from '../copy/copy-tables.js';
import { anyTables, type SqlAccess } from '../copy/sql-access.js';
import { countRows, readBatches, upsertRows, type Row } from '../copy/table-rows.js';
import type { CopyProgress } from '../copy/copy-database.js';

/**
 * Copies every table from a source that is in use, in short batches read by primary key, with no
 * long transaction: a row read before a write reaches it is stale on the target, but the write is in
 * the change log (capture started before this copy), and catching up copies the row again. A child
 * row whose parent is not on the target yet is left out for the same reason: its parent arrived after
 * the parent's table was copied, so both are in the change log. Returns the rows written.
 */
export async function copyLive(
  source: SqlAccess,
  target: SqlAccess,
  batchSize: number,
  onProgress?: (event: CopyProgress) => void,
): Promise<number> {
  let written = 0;
  for (const spec of COPY_TABLES) {
    const total = await countRows(anyTables(source), spec.table);
    let copied = 0;
    onProgress?.({ table: spec.table, copied, total });
    for await (const rows of readBatches(anyTables(source), source.features, spec, batchSize)) {
      await upsertSkippingOrphans(target, spec, rows);
      copied += rows.length;
      onProgress?.({ table: spec.table, copied, total });
    }
    written += copied;
  }
  return written;
}

async function upsertSkippingOrphans(target: SqlAccess, spec: TableSpec, rows: Row[]): Promise<void> {
  try {
    await upsertRows(anyTables(target), target.features, spec, rows);
  } catch (error) {
    if (target.features.classifyError(error) !== 'foreign-key-violation') throw error;
    for (const row of rows) {
      try {
        await upsertRows(anyTables(target), target.features, spec, [row]);
      } catch (rowError) {
        if (target.features.classifyError(rowError) !== 'foreign-key-violation') throw rowError;
      }
    }
  }
}
