import { sql } from 'kysely';
import { toNumber, type SqlContext } from './sql-context.js';

/** The columns a search term is looked for in, each lower-cased. */
export const SEARCHED_COLUMNS = ['name', 'description', 'sku'] as const;

/** How many rows the probe reads: the first of the clustered index, keyed by random UUIDs. */
const PROBE_ROWS = 256;

/**
 * How many of the probed rows must hold a term for it to be broad, by index. `words` (the gram words
 * of MySQL and Oracle): 1 in 32, about 3,000 matches in 100,000 products, past which reading every
 * row costs less than looking each match up. `short` (PostgreSQL's index of characters and pairs):
 * 1 in 4, below the share at which PostgreSQL's planner gives up the index (a term in 3 products of
 * 8 still used it) and scans the table, computing the index expression for every row.
 */
const BROAD_HITS = { words: 8, short: 64 } as const;

/**
 * Whether `pattern` (a LIKE pattern over the lower-cased searched columns, escaped with `!`) is too
 * broad for `index`, judged from a sample of PROBE_ROWS products: the first rows the table gives (on
 * InnoDB those of the primary key, whose random UUIDs make them any products; on Oracle and
 * PostgreSQL the first stored). It only picks a plan; both plans return the same rows.
 *
 * Why, for `words`: each match found through `product_search` costs a lookup of its row there (a
 * couple of KB of grams) and in `products`, and InnoDB reads every posting of every gram first. For a
 * word of 1 product in 8 among 100,000 (12,500 matches) that is 800 ms, with `product_search` (about
 * 200 MB) no longer held in a default 128 MB buffer pool, against about a quarter of that for a scan.
 * For `short`: a term in every one of 10,000 products took 1.0 s with the index's condition (the
 * planner's table scan computed the expression per row) and 9 ms with the LIKE alone.
 */
export async function broadTerm(
  ctx: SqlContext,
  pattern: string,
  index: keyof typeof BROAD_HITS,
): Promise<boolean> {
  const { rows } = await ctx.db.executeQuery(
    ctx.statements.bind('products search probe', [pattern, PROBE_ROWS], ([bound, rows]) =>
      ctx.db
        .selectFrom(
          ctx.db
            .selectFrom('products')
            .select(SEARCHED_COLUMNS)
            .limit(rows as number)
            .as('sample'),
        )
        .where((eb) =>
          eb.or(
            SEARCHED_COLUMNS.map((column) => sql<boolean>`lower(${eb.ref(column)}) like ${bound} escape '!'`),
          ),
        )
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('hits')),
    ),
  );
  return toNumber(rows[0]?.hits ?? 0) >= BROAD_HITS[index];
}
