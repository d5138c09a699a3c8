/** At most this many grams of a term are looked up; the LIKE checks the rest. */
const MAX_TERM_GRAMS = 12;

/**
 * The FULLTEXT boolean query for `term` (lower-cased) over `product_search.grams` (migration 0008):
 * every distinct triple of adjacent characters of the term (or the term itself when shorter), each
 * required, spelled as the migration's procedure spells it: `g` and the upper-case hex of its UTF-8.
 */
export function gramQuery(term: string): string {
  const chars = [...term];
  const size = Math.min(3, chars.length);
  const words = new Set<string>();
  for (let i = 0; i + size <= chars.length && words.size < MAX_TERM_GRAMS; i++) {
    words.add(
      `+g${Buffer.from(chars.slice(i, i + size).join(''), 'utf8')
        .toString('hex')
        .toUpperCase()}`,
    );
  }
  return [...words].join(' ');
}
