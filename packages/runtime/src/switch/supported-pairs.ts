import type { DatabaseConfig } from '../config/app-config.js';
import { ConfigError } from '../config/config-error.js';

/**
 * The databases a live switch moves from and to today: every pair of them. The pairs among pglite,
 * postgresql, mysql and supabase are tested under load on this project's machines. Oracle
 * (`oci-autonomous`) cannot run there: every statement the switch sends to it, as a target and as a
 * source (its capture triggers and fence in PL/SQL), is checked by the Oracle SQL snapshots, and each
 * direction under load (PostgreSQL → Oracle, Oracle → PostgreSQL) by the Oracle live suite when
 * ORACLE_TEST_* is set. A PGlite target is switched to only from inside the process that will serve
 * it (the admin endpoint; see `embeddedTargetProblem`). A DATABASE_TYPE added later is refused until
 * its adapter has capture triggers and a fence.
 */
export const SWITCH_SOURCES = ['pglite', 'postgresql', 'mysql', 'supabase', 'oci-autonomous'] as const;
export const SWITCH_TARGETS = ['pglite', 'postgresql', 'mysql', 'supabase', 'oci-autonomous'] as const;

/** Refuses, naming the variable, a pair of databases the live switch does not support. */
export function assertSwitchablePair(from: string, to: string): void {
  const issues = [];
  if (!(SWITCH_SOURCES as readonly string[]).includes(from)) {
    issues.push({
      variable: 'DATABASE_TYPE',
      message: `a live switch from ${from} is not supported yet (from: ${SWITCH_SOURCES.join(', ')}); use pnpm db:copy with the shop stopped`,
    });
  }
  if (!(SWITCH_TARGETS as readonly string[]).includes(to)) {
    issues.push({
      variable: 'NEXT_DATABASE_TYPE',
      message: `a live switch to ${to} is not supported yet (to: ${SWITCH_TARGETS.join(', ')}); use pnpm db:copy with the shop stopped`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

/**
 * Why a switch to this target cannot run from here, or undefined: an embedded PGlite target can be
 * opened by one process only, so only the API process that will serve it may switch to it (not
 * `pnpm db:switch`), and never to `memory://`, which would lose the shop at the next restart.
 */
export function embeddedTargetProblem(
  target: DatabaseConfig,
  runner: 'cli' | 'serving process',
): string | undefined {
  if (target.type !== 'pglite') return undefined;
  if (runner === 'cli') {
    return 'PGlite lives inside the one process that opens it: start the switch in the API process that will serve it, with POST /api/v1/admin/database/switch (as admin); that process must run the workers in-process, as every PGlite shop does';
  }
  if (target.dataDir.startsWith('memory://')) {
    return 'NEXT_PGLITE_DATA_DIR is memory://: the shop would be lost at the next restart; name a directory';
  }
  return undefined;
}
