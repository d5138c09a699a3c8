import { parseError } from '../postgrest-error.js';
import { parseName, splitTopLevel, unquote } from './tokens.js';

/** Operators that compare a column with one value; `like`/`ilike` read `*` as `%`. */
export const COMPARE_OPERATORS = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'LIKE',
  ilike: 'ILIKE',
  match: '~',
  imatch: '~*',
  isdistinct: 'IS DISTINCT FROM',
} as const;
export type CompareOperator = keyof typeof COMPARE_OPERATORS;

/** A horizontal filter, or an and/or tree of them; values are always sent as parameters. */
export type Condition =
  | { kind: 'compare'; column: string; negated: boolean; operator: CompareOperator; value: string }
  | { kind: 'in'; column: string; negated: boolean; values: string[] }
  | { kind: 'is'; column: string; negated: boolean; value: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN' }
  | { kind: 'logic'; negated: boolean; operator: 'and' | 'or'; conditions: Condition[] };

const IS_VALUES = ['NULL', 'TRUE', 'FALSE', 'UNKNOWN'] as const;

/** True when `value` starts with an operator (`eq.`, `not.`, `in.`, …), i.e. the parameter is a filter. */
export function hasOperator(value: string): boolean {
  const [first, second] = value.split('.');
  if (first === 'not') return second !== undefined;
  return first === 'in' || first === 'is' || (first !== undefined && first in COMPARE_OPERATORS);
}

/** `(a,"b,c",d)` as its elements; quoted elements lose their quotes and escapes. */
export function parseList(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('(') || !trimmed.endsWith(')')) {
    throw parseError(`failed to parse list (${text})`, 'expecting "("');
  }
  return splitTopLevel(trimmed.slice(1, -1), ',').map(unquote);
}

/**
 * A filter's operator and value as a Condition on `column`: `[not.]op.value`. At top level the value
 * is everything after the operator, verbatim; inside a logic tree (`inTree`) a double-quoted value is
 * unquoted, so it may contain the reserved characters `,.:()`.
 */
export function parseFilter(column: string, text: string, inTree = false): Condition {
  let rest = text;
  let negated = false;
  if (rest.startsWith('not.')) {
    negated = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf('.');
  if (dot < 0) throw parseError(`failed to parse filter (${text})`, 'expecting an operator and a value');
  const operator = rest.slice(0, dot);
  const raw = rest.slice(dot + 1);
  if (operator === 'in') return { kind: 'in', column, negated, values: parseList(raw) };
  if (operator === 'is') {
    const value = IS_VALUES.find((candidate) => candidate === raw.toUpperCase());
    if (!value)
      throw parseError(`failed to parse filter (${text})`, 'expecting null, true, false or unknown');
    return { kind: 'is', column, negated, value };
  }
  if (!(operator in COMPARE_OPERATORS)) {
    throw parseError(`failed to parse filter (${text})`, `unknown single value operator ${operator}`);
  }
  const value = inTree ? unquote(raw) : raw;
  return { kind: 'compare', column, negated, operator: operator as CompareOperator, value };
}

/**
 * The value of an `and`/`or` parameter, `(cond,cond,…)`, where each cond is `column.[not.]op.value`
 * or a nested `[not.]and(…)` / `[not.]or(…)`.
 */
export function parseLogic(operator: 'and' | 'or', negated: boolean, text: string): Condition {
  const trimmed = text.trim();
  if (!trimmed.startsWith('(') || !trimmed.endsWith(')') || trimmed.length < 3) {
    throw parseError(`failed to parse logic tree (${text})`, 'expecting "(" and at least one condition');
  }
  const conditions = splitTopLevel(trimmed.slice(1, -1), ',').map((item) => {
    const nested = /^(not\.)?(and|or)(\(.*\))$/s.exec(item.trim());
    if (nested) return parseLogic(nested[2] as 'and' | 'or', nested[1] !== undefined, nested[3] ?? '');
    const [field, ...rest] = splitTopLevel(item.trim(), '.');
    if (field === undefined || rest.length < 2) throw parseError(`failed to parse logic tree (${text})`);
    return parseFilter(parseName(field), rest.join('.'), true);
  });
  return { kind: 'logic', negated, operator, conditions };
}
