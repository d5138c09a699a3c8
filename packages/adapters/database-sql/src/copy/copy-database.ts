import { AdapterError, type IDatabaseAdapter } from '@bharatmart/core';
import { COPY_TABLES, type TableName, type TableSpec } from './copy-tables.js';
import { RowChecksum } from './row-checksum.js';
import { anyTables, hasSqlAccess, type SqlAccess } from './sql-access.js';
import { countRows, readBatches, upsertRows } from './table-rows.js';

/** Progress of one table's copy, reported after each batch (and once with `copied: 0` first). */
export interface CopyProgress {
  table: TableName;
  /** Rows of this table written to the target so far. */
  copied: number;
  /** Rows the table had at the source when its copy started. */
  total: number;
}

/** How one table compares between source and target; flat, so `console.table(report)` prints it. */
export interface TableComparison {
  table: TableName;
  sourceRows: number;
  targetRows: number;
  /** 64 hex digits; see `RowChecksum`. Equal when both sides hold the same rows, whatever the backend. */
  sourceChecksum: string;
  targetChecksum: string;
  /** Same row count and same checksum. */
  match: boolean;
}

/** One entry per table of the schema, parents before children. */
export type CopyReport = TableComparison[];

export interface VerifyCopyOptions {
  /** An adapter built on the shared SQL implementation (pglite, postgresql, mysql). */
  source: IDatabaseAdapter;
  /** Another such adapter, of any of those backends. */
  target: IDatabaseAdapter;
  /** Rows per query. Default 500; lower it when rows are large (MySQL's max_allowed_packet). */
  batchSize?: number;
}

export interface CopyDatabaseOptions extends VerifyCopyOptions {
  /** Called after each batch written, and once per table before its first batch. */
  onProgress?: (event: CopyProgress) => void;
}

/**
 * Copies every table of the schema from `source` to `target`, parents before children, in batches
 * read by primary key, then verifies the copy (see `verifyCopy`) and returns the report. Applies
 * the target's pending migrations first; refuses a source with pending migrations. The source is
 * read in one repeatable-read transaction, so the copy is one consistent snapshot even while the
 * source is in use (rows written meanwhile then show up as a mismatch in the report). Rows are
 * upserted by primary key: running the copy again brings changed rows up to date and changes
 * nothing else; rows the target has beyond the source are kept (and reported).
 */
export async function copyDatabase(options: CopyDatabaseOptions): Promise<CopyReport> {
  const source = sqlAccessOf(options.source);
  const target = sqlAccessOf(options.target);
  const batchSize = validBatchSize(options.batchSize);
  const pending = (await options.source.migrations.status()).filter((migration) => !migration.appliedAt);
  if (pending.length > 0) {
    const names = pending.map((migration) => migration.name).join(', ');
    throw new AdapterError(
      options.source.name,
      'MISCONFIGURED',
      `the source has pending migrations: ${names}`,
    );
  }
  await options.target.migrations.latest();
  await anyTables(source)
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (snapshot) => {
      for (const spec of COPY_TABLES) {
        const total = await countRows(snapshot, spec.table);
        let copied = 0;
        options.onProgress?.({ table: spec.table, copied, total });
        for await (const rows of readBatches(snapshot, source.features, spec, batchSize)) {
          await upsertRows(anyTables(target), target.features, spec, rows);
          copied += rows.length;
          options.onProgress?.({ table: spec.table, copied, total });
        }
      }
    });
  return verifyCopy(options);
}

/**
 * Compares every table of `source` and `target`: row counts and a checksum of the rows as read,
 * computed in this process the same way for every backend, so a PGlite source and a MySQL target
 * holding the same data match. Reads both sides in full, in batches, in parallel.
 */
export async function verifyCopy(options: VerifyCopyOptions): Promise<CopyReport> {
  const source = sqlAccessOf(options.source);
  const target = sqlAccessOf(options.target);
  const batchSize = validBatchSize(options.batchSize);
  const report: CopyReport = [];
  for (const spec of COPY_TABLES) {
    const [from, to] = await Promise.all([
      checksumTable(source, spec, batchSize),
      checksumTable(target, spec, batchSize),
    ]);
    report.push({
      table: spec.table,
      sourceRows: from.rows,
      targetRows: to.rows,
      sourceChecksum: from.hex,
      targetChecksum: to.hex,
      match: from.rows === to.rows && from.hex === to.hex,
    });
  }
  return report;
}

async function checksumTable(access: SqlAccess, spec: TableSpec, batchSize: number): Promise<RowChecksum> {
  const checksum = new RowChecksum();
  const batches = readBatches(anyTables(access), access.features, spec, batchSize);
  for await (const rows of batches) for (const row of rows) checksum.add(row);
  return checksum;
}

function sqlAccessOf(adapter: IDatabaseAdapter): SqlAccess {
  if (hasSqlAccess(adapter)) return adapter.sqlAccess;
  throw new AdapterError(
    adapter.name,
    'NOT_SUPPORTED',
    'copying needs an adapter of the shared SQL implementation',
  );
}

function validBatchSize(batchSize = 500): number {
  if (Number.isSafeInteger(batchSize) && batchSize >= 1) return batchSize;
  throw new RangeError(`batchSize must be a whole number ≥ 1, got ${batchSize}`);
}
