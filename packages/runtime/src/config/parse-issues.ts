import type { z } from 'zod';
import type { ConfigIssue } from './config-error.js';

/** Treats `VAR=` like an unset variable, as shells and env files mean it. */
export function withoutBlanks(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '',
    ),
  );
}

/** One zod issue as a ConfigIssue naming the variable (with `prefix`), its value and what is allowed. */
export function describeIssue(
  issue: z.core.$ZodIssue,
  values: Record<string, string | undefined>,
  prefix = '',
): ConfigIssue {
  const name = String(issue.path[0] ?? '');
  const variable = name ? prefix + name : '(environment)';
  const value = values[name];
  if (issue.code === 'invalid_value') {
    return { variable, message: `'${value}' is not one of: ${issue.values.map(String).join(', ')}` };
  }
  return { variable, message: `'${value}' is invalid: ${issue.message}` };
}
