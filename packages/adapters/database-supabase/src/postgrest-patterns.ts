/**
 * `text` as a regular expression that matches it literally (for PostgREST's `match`/`imatch`).
 * Regexes rather than `like`/`ilike` patterns because PostgREST turns every `*` of a like-pattern
 * into `%`, so a literal `*` could not be searched for.
 */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * `value` double-quoted for a PostgREST logic tree (`or=(…)`), where `,.:()` are reserved: inside the
 * quotes a backslash takes the next character literally, so `\` and `"` are escaped with one.
 */
export function quoteValue(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}
