import { parseError } from '../postgrest-error.js';
import { parseName, splitTopLevel } from './tokens.js';

/** One item of `select=`: all columns, one column (renamed, cast), or an embedded resource. */
export type SelectItem =
  | { kind: 'star' }
  | { kind: 'column'; name: string; alias?: string; cast?: string }
  | { kind: 'embed'; relation: string; alias?: string; hint?: string; children: SelectItem[] };

/** One term of `order=`. */
export interface OrderTerm {
  column: string;
  descending: boolean;
  nulls?: 'FIRST' | 'LAST';
}

/** Splits `alias:rest` at the first single colon (`::` is a cast, not an alias). */
function splitAlias(text: string): { alias?: string; rest: string } {
  const match = /^((?:"(?:[^"\\]|\\.)*"|[^:"(]+)):(?!:)(.*)$/s.exec(text);
  return match ? { alias: parseName(match[1] ?? ''), rest: match[2] ?? '' } : { rest: text };
}

function parseItem(text: string): SelectItem {
  const item = text.trim();
  if (item === '*') return { kind: 'star' };
  if (item.startsWith('..')) throw parseError(`spread embedding is not supported by the stand-in (${item})`);
  const { alias, rest } = splitAlias(item);
  const open = rest.indexOf('(');
  if (open >= 0) {
    if (!rest.endsWith(')')) throw parseError(`failed to parse select parameter (${item})`);
    const [relation = '', ...params] = rest.slice(0, open).split('!');
    let hint: string | undefined;
    for (const param of params) {
      if (param === 'left') continue;
      if (param === 'inner') throw parseError('!inner embedding is not supported by the stand-in');
      hint = parseName(param);
    }
    const children = parseSelect(rest.slice(open + 1, -1));
    return { kind: 'embed', relation: parseName(relation), alias, hint, children };
  }
  if (rest.includes('->')) throw parseError(`JSON paths are not supported by the stand-in (${item})`);
  const [name = '', cast, ...extra] = rest.split('::');
  if (extra.length > 0 || (cast !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(cast))) {
    throw parseError(`failed to parse select parameter (${item})`, 'a cast names one type');
  }
  return { kind: 'column', name: parseName(name), alias, cast };
}

/** `select=` as a tree; the empty string selects every column, as `*` does. */
export function parseSelect(text: string): SelectItem[] {
  if (text.trim() === '') return [{ kind: 'star' }];
  return splitTopLevel(text, ',').map(parseItem);
}

/** `order=col[.asc|.desc][.nullsfirst|.nullslast],…`; ordering by a related table is not supported. */
export function parseOrder(text: string): OrderTerm[] {
  return splitTopLevel(text, ',').map((term) => {
    const [column = '', ...modifiers] = splitTopLevel(term.trim(), '.');
    if (column.includes('(')) throw parseError(`ordering by a related table is not supported (${term})`);
    const result: OrderTerm = { column: parseName(column), descending: false };
    for (const modifier of modifiers) {
      if (modifier === 'asc' || modifier === 'desc') result.descending = modifier === 'desc';
      else if (modifier === 'nullsfirst' || modifier === 'nullslast') {
        result.nulls = modifier === 'nullsfirst' ? 'FIRST' : 'LAST';
      } else throw parseError(`failed to parse order (${text})`, `unexpected "${modifier}"`);
    }
    return result;
  });
}
