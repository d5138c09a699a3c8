import { DATABASE_BACKENDS } from '../backends/database/index.js';
import type { ConfigIssue } from './config-error.js';

/**
 * Why DATABASE_TYPE and DATABASE_FALLBACK_TYPE cannot be a failover pair, if they cannot. A pair must
 * be one database reached two ways (the same engine by two backends, e.g. `postgresql` and
 * `supabase`): failover moves calls between the two sides, and two different databases would
 * silently diverge.
 */
export function databasePairIssue(primary: string, fallback: string): ConfigIssue | undefined {
  const variable = 'DATABASE_FALLBACK_TYPE';
  if (primary === fallback) return { variable, message: 'must differ from DATABASE_TYPE' };
  const engine = (name: string) => (DATABASE_BACKENDS as Record<string, { engine?: string }>)[name]?.engine;
  if (engine(primary) === engine(fallback)) return undefined;
  const byEngine = new Map<string, string[]>();
  for (const [name, backend] of Object.entries(DATABASE_BACKENDS)) {
    const key = backend.engine ?? name;
    byEngine.set(key, [...(byEngine.get(key) ?? []), name]);
  }
  const allowed = [...byEngine]
    .filter(([, names]) => names.length > 1)
    .map(([key, names]) => `${names.join(' and ')}, both ${key}`)
    .join('; ');
  return {
    variable,
    message: `${fallback} cannot stand in for DATABASE_TYPE=${primary}: they are two databases (${engine(primary)} and ${engine(fallback)}) whose data would diverge; a failover pair must be one database reached two ways (${allowed})`,
  };
}
