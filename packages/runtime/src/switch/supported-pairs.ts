import { ConfigError } from '../config/config-error.js';

/**
 * The databases a live switch moves from and to today, each pair tested under load. Refused until
 * that holds for them: Oracle on either side, and PGlite as a target.
 */
export const SWITCH_SOURCES = ['pglite', 'postgresql', 'mysql', 'supabase'] as const;
export const SWITCH_TARGETS = ['postgresql', 'mysql', 'supabase'] as const;

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
