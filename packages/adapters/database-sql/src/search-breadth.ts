import { sql } from 'kysely';
import { toNumber, type SqlContext } from './sql-context.js';

/** The columns a search term is looked for in, each lower-cased. */
export const SEARCHED_COLUMNS = ['name', 'description', 'sku'] as const;

/** How many rows the probe reads: the first of the clustered index, keyed by random UUIDs. */
const PROBE_ROWS = 256;

/**
 * A term found in this many of the probed rows (1 in 32: about 3,000 matches in 100,000 products)
 * is broad: reading every row costs less than looking each match up through the FULLTEXT index.
 */
const BROAD_HITS = 8;

/**
 * Whether `pattern` (a LIKE pattern over the lower-cased searched columns, escaped with `!`) is
 * broad on a backend whose search index holds the text's grams as words (MySQL, MariaDB, Oracle),
 * judged from a sample of PROBE_ROWS products: the first rows the table gives (on InnoDB those of
 * the primary key, whose random UUIDs make them any products; on Oracle the first stored). It only
 * picks a plan; both plans return the same rows.
 *
 * Why: each match found through `product_search` costs a lookup of its row there (a couple of KB of
 * grams) and in `products`, and InnoDB reads every posting of every gram first. For a word of 1
 * product in 8 among 100,000 (12,500 matches) that is 800 ms, with `product_search` (about 200 MB)
 * no longer held in a default 128 MB buffer pool, against about a quarter of that for a scan.
 */
export async function broadTerm(ctx: SqlContext, pattern: string): Promise<boolean> {
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
  return toNumber(rows[0]?.hits ?? 0) >= BROAD_HITS;
}
