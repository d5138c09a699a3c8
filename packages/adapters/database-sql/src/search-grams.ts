/** At most this many grams of a term are looked up; the LIKE checks the rest. */
const MAX_TERM_GRAMS = 12;

/**
 * The words migration 0008 (MySQL) and 0009 (Oracle) index for `term` (lower-cased): every distinct
 * triple of adjacent characters of the term (or the term itself when shorter), each spelled as the
 * migrations' procedures spell a gram: `g` and the upper-case hex of its UTF-8.
 */
function gramWords(term: string): string[] {
  const chars = [...term];
  const size = Math.min(3, chars.length);
  const words = new Set<string>();
  for (let i = 0; i + size <= chars.length && words.size < MAX_TERM_GRAMS; i++) {
    words.add(
      `g${Buffer.from(chars.slice(i, i + size).join(''), 'utf8')
        .toString('hex')
        .toUpperCase()}`,
    );
  }
  return [...words];
}

/**
 * The FULLTEXT boolean query for `term` over MySQL's `product_search.grams` (migration 0008): every
 * word of the term's grams required.
 */
export function gramQuery(term: string): string {
  return gramWords(term)
    .map((word) => `+${word}`)
    .join(' ');
}

/**
 * The Oracle Text CONTAINS query for `term` over Oracle's `product_search.grams` (migration 0009):
 * every word of the term's grams required, each in braces so that no word is read as an operator.
 */
export function oracleTextQuery(term: string): string {
  return gramWords(term)
    .map((word) => `{${word}}`)
    .join(' and ');
}
