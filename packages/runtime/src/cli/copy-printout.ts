import type { CopyReport, SwitchTableCheck } from '@bharatmart/database-sql';
import type { DatabaseConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';

/** One line of a table's copy progress: `  orders  [#####.....] 120/400`. */
export function progressBar(table: string, copied: number, total: number): string {
  const width = 30;
  const done = total === 0 ? width : Math.min(width, Math.round((copied / total) * width));
  return `  ${table.padEnd(24)} [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${copied}/${total}`;
}

/** Prints a verification: per table, rows on each side and whether the checksums match. */
export function printReport(report: CopyReport): void {
  console.log(`\n  ${'table'.padEnd(24)} ${'source'.padStart(8)} ${'target'.padStart(8)}  checksum`);
  for (const row of report) {
    const checksum = row.match
      ? 'match'
      : `MISMATCH (${row.sourceChecksum.slice(0, 12)} vs ${row.targetChecksum.slice(0, 12)})`;
    console.log(
      `  ${row.table.padEnd(24)} ${String(row.sourceRows).padStart(8)} ${String(row.targetRows).padStart(8)}  ${checksum}`,
    );
  }
}

/**
 * Prints a switch's verification: per table, rows on each side (counted under the fence), rows
 * compared while the shop ran and rows compared again under the fence, and whether they all matched.
 */
export function printSwitchVerification(checks: SwitchTableCheck[]): void {
  console.log(
    `\n  ${'table'.padEnd(24)} ${'source'.padStart(8)} ${'target'.padStart(8)} ${'compared'.padStart(9)} ${'rechecked'.padStart(9)}  rows`,
  );
  for (const check of checks) {
    console.log(
      `  ${check.table.padEnd(24)} ${String(check.sourceRows).padStart(8)} ${String(check.targetRows).padStart(8)} ` +
        `${String(check.comparedRows).padStart(9)} ${String(check.recheckedRows).padStart(9)}  ${check.match ? 'match' : 'MISMATCH'}`,
    );
  }
}

/**
 * The configuration that reaches `database`'s tables with SQL: itself, or for Supabase a PostgreSQL
 * connection over its SUPABASE_DB_URL (the way Supabase's own tooling copies data), with the pool
 * settings of `env`.
 */
export function directSqlConfig(
  database: DatabaseConfig,
  env: Record<string, string | undefined>,
): DatabaseConfig {
  if (database.type !== 'supabase') return database;
  return loadConfig({
    ...env,
    DATABASE_TYPE: 'postgresql',
    DATABASE_FALLBACK_TYPE: 'none',
    DATABASE_URL: database.dbUrl ?? '',
  }).database;
}
