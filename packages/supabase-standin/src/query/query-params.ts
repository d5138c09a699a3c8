import { parseError } from '../postgrest-error.js';
import { hasOperator, parseFilter, parseLogic, type Condition } from './filter-parser.js';
import { parseOrder, parseSelect, type OrderTerm, type SelectItem } from './select-parser.js';
import { parseCount, parseName, splitTopLevel } from './tokens.js';

/** What applies at one level of the result: the root (`''`) or an embedded resource (`items`, `a.b`). */
export interface Level {
  conditions: Condition[];
  order: OrderTerm[];
  limit?: number;
  offset?: number;
}

/** A request's query string, parsed as PostgREST does. */
export interface ParsedQuery {
  select: SelectItem[];
  /** Keyed by embed path: `''` for the root, `rel` or `rel.nested` for embedded resources. */
  levels: Map<string, Level>;
  /** `columns=`: the payload keys an insert uses. */
  columns?: string[];
  /** `on_conflict=`: the unique columns an upsert resolves on. */
  onConflict?: string[];
  /** Parameters without an operator: a function's arguments in `GET /rpc/fn?a=1`. */
  arguments: Record<string, string>;
}

/** The Level at `path`, created empty on first use. */
export function levelAt(levels: Map<string, Level>, path: string): Level {
  let level = levels.get(path);
  if (!level) {
    level = { conditions: [], order: [] };
    levels.set(path, level);
  }
  return level;
}

function parseColumns(text: string): string[] {
  return splitTopLevel(text, ',').map(parseName);
}

/**
 * Parses select, filters (`col=op.value`, `rel.col=op.value`), logic trees (`or=`, `not.and=`,
 * `rel.or=`), `order`, `limit`, `offset` (each also per embedded resource), `columns` and `on_conflict`.
 */
export function parseQuery(params: URLSearchParams): ParsedQuery {
  const query: ParsedQuery = { select: [{ kind: 'star' }], levels: new Map(), arguments: {} };
  levelAt(query.levels, '');
  for (const [key, value] of params) {
    if (key === 'select') query.select = parseSelect(value);
    else if (key === 'columns') query.columns = parseColumns(value);
    else if (key === 'on_conflict') query.onConflict = parseColumns(value);
    else applyParameter(query, key, value);
  }
  return query;
}

function applyParameter(query: ParsedQuery, key: string, value: string): void {
  const segments = splitTopLevel(key, '.').map((segment) => segment.trim());
  const last = segments.at(-1) ?? '';
  const embedPath = (parts: string[]) => parts.map(parseName).join('.');

  if (last === 'order' || last === 'limit' || last === 'offset') {
    const level = levelAt(query.levels, embedPath(segments.slice(0, -1)));
    if (last === 'order') level.order = parseOrder(value);
    else level[last] = parseCount(last, value);
    return;
  }
  if (last === 'and' || last === 'or') {
    const negated = segments.at(-2) === 'not';
    const path = embedPath(segments.slice(0, negated ? -2 : -1));
    levelAt(query.levels, path).conditions.push(parseLogic(last, negated, value));
    return;
  }
  if (segments.length > 1 || hasOperator(value)) {
    const path = embedPath(segments.slice(0, -1));
    levelAt(query.levels, path).conditions.push(parseFilter(parseName(last), value));
    return;
  }
  if (last === '') throw parseError('an empty query parameter name');
  query.arguments[parseName(key)] = value;
}

/** The Prefer header's preferences this stand-in honours (others are ignored, as PostgREST's lenient default). */
export interface Preferences {
  return: 'minimal' | 'representation' | 'headers-only';
  /** `planned` and `estimated` are answered with the exact count. */
  count?: 'exact' | 'planned' | 'estimated';
  resolution?: 'merge-duplicates' | 'ignore-duplicates';
  tx: 'commit' | 'rollback';
}

/** Parses `Prefer: return=representation, count=exact, …` (repeated headers joined by commas). */
export function parsePreferences(header: string | undefined): Preferences {
  const preferences: Preferences = { return: 'minimal', tx: 'commit' };
  for (const part of (header ?? '').split(',')) {
    const [name, value] = part.trim().split('=');
    if (
      name === 'return' &&
      (value === 'minimal' || value === 'representation' || value === 'headers-only')
    ) {
      preferences.return = value;
    } else if (name === 'count' && (value === 'exact' || value === 'planned' || value === 'estimated')) {
      preferences.count = value;
    } else if (name === 'resolution' && (value === 'merge-duplicates' || value === 'ignore-duplicates')) {
      preferences.resolution = value;
    } else if (name === 'tx' && (value === 'commit' || value === 'rollback')) preferences.tx = value;
  }
  return preferences;
}
