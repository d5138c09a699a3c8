import type { Product, ProductPage, ProductQuery } from './types.js';

/**
 * The page of `items` for `query`, given how many products match, counted up to at least
 * `query.totalCap + 1`: past the cap, `total` is the larger of the cap and the number of rows up to
 * this page's end, flagged `totalCapped`; otherwise `counted` itself.
 */
export function productPage(items: Product[], counted: number, query: ProductQuery): ProductPage {
  const cap = query.totalCap;
  if (cap === undefined || counted <= cap) return { items, total: counted, totalCapped: false };
  return { items, total: Math.max(cap, query.offset + items.length), totalCapped: true };
}
