import { parseError } from '../postgrest-error.js';

/**
 * Splits `text` at every `separator` that is outside double quotes, parentheses and braces, as
 * PostgREST's grammar does for select lists, logic trees and `in` lists. Inside double quotes a
 * backslash escapes the next character.
 */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '\\') i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === '(' || char === '{') depth++;
    else if (char === ')' || char === '}') depth--;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted || depth !== 0) throw parseError(`unbalanced quotes or parentheses in "${text}"`);
  parts.push(text.slice(start));
  return parts;
}

/** `"…"` without its quotes, each backslash taking the next character literally; else `text` trimmed. */
export function unquote(text: string): string {
  const trimmed = text.trim();
  if (!(trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"'))) return trimmed;
  return trimmed.slice(1, -1).replace(/\\(.)/gs, '$1');
}

/** A column, table or alias name: quoted, or PostgREST's identifier characters. */
export function parseName(text: string): string {
  const name = unquote(text);
  if (name === '' || (!text.trim().startsWith('"') && !/^[\p{L}\p{N}_ $-]+$/u.test(name))) {
    throw parseError(`"${text}" is not a valid name`);
  }
  return name;
}

/** A non-negative integer query parameter (limit, offset). */
export function parseCount(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw parseError(`failed to parse ${name} parameter (${text})`);
  }
  return value;
}
