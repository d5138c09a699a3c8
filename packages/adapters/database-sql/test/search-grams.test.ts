import { describe, expect, it } from '@jest/globals';
import { gramQuery, oracleTextQuery } from '../src/search-grams.js';

describe('gramQuery', () => {
  it('requires every distinct triple of the term, as g and the upper-case hex of its UTF-8', () => {
    expect(gramQuery('chāy')).toBe('+g6368C481 +g68C48179');
    expect(gramQuery('aaaa')).toBe('+g616161');
  });

  it('requires the term itself when it is shorter than three characters', () => {
    expect(gramQuery('ā')).toBe('+gC481');
    expect(gramQuery('gh')).toBe('+g6768');
  });

  it('counts characters, not UTF-16 units, and looks up at most 12 triples', () => {
    expect(gramQuery('😀a')).toBe('+gF09F988061');
    expect(gramQuery('abcdefghijklmnopqrstuvwxyz').split(' ')).toHaveLength(12);
  });
});

describe('oracleTextQuery', () => {
  it('requires the same words as gramQuery, each escaped in braces, joined by and', () => {
    expect(oracleTextQuery('chāy')).toBe('{g6368C481} and {g68C48179}');
    expect(oracleTextQuery('gh')).toBe('{g6768}');
    expect(oracleTextQuery('abcdefghijklmnopqrstuvwxyz').split(' and ')).toHaveLength(12);
  });
});
