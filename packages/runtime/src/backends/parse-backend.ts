import { z } from 'zod';
import type { ConfigIssue } from '../config/config-error.js';
import { describeIssue, withoutBlanks } from '../config/parse-issues.js';
import type { PortBackend, ResolveContext } from './descriptor.js';

/** A backend's configuration as parsed from the environment, with what was wrong and what is secret. */
export interface ParsedBackend<C> {
  /** Complete when `issues` is empty; otherwise built with defaults in place of the bad values. */
  config: C;
  issues: ConfigIssue[];
  /** The values of its credential-bearing variables that are set; printouts mask exactly these. */
  credentials: string[];
}

/**
 * Parses the variables of one backend from `env` and builds its configuration. Every variable is read
 * as `prefix + name` and issues name it so, which lets the same descriptor read a second copy of its
 * settings (e.g. `NEXT_DATABASE_URL` for a database switch) beside the first.
 */
export function parseBackend<C>(
  backend: PortBackend<C, unknown, never>,
  env: Record<string, string | undefined>,
  options: { because: string; prefix?: string },
): ParsedBackend<C> {
  const prefix = options.prefix ?? '';
  const given = withoutBlanks(env);
  const raw: Record<string, string> = {};
  for (const name of Object.keys(backend.variables)) {
    const value = given[prefix + name];
    if (value !== undefined) raw[name] = value;
  }
  const schema = z.object(
    Object.fromEntries(Object.entries(backend.variables).map(([name, spec]) => [name, spec.schema])),
  );
  const parsed = schema.safeParse(raw);
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => describeIssue(issue, raw, prefix));
  const bad = new Set(issues.map((issue) => issue.variable));
  const values: Record<string, unknown> = parsed.success
    ? parsed.data
    : schema.parse(Object.fromEntries(Object.entries(raw).filter(([name]) => !bad.has(prefix + name))));
  const context: ResolveContext = {
    because: options.because,
    need(variable, extra = '') {
      const value = values[variable];
      if (typeof value === 'string' && value !== '') return value;
      issues.push({ variable: prefix + variable, message: `is required when ${options.because}${extra}` });
      return '';
    },
    problem(variable, message) {
      issues.push({ variable: prefix + variable, message });
    },
  };
  const config = backend.resolve(values as never, context);
  const credentials = Object.entries(backend.variables)
    .filter(([name, spec]) => spec.credential && typeof values[name] === 'string')
    .map(([name]) => values[name] as string);
  return { config, issues, credentials };
}
