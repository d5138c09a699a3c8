import { sql, type Selectable } from 'kysely';
import {
  DomainError,
  rateToBasisPoints,
  STANDARD_GST_RATE_PERCENT,
  productPage,
  type ProductQuery,
  type ProductRepository,
} from '@bharatmart/core';
import type { PlainValue } from './compiled-statements.js';
import { productPatchColumns, toProduct } from './row-mappers.js';
import type { ProductsTable } from './schema.js';
import { broadTerm, SEARCHED_COLUMNS } from './search-breadth.js';
import { gramQuery, oracleTextQuery } from './search-grams.js';
import { escapeLike, toNumber, type SqlContext } from './sql-context.js';

/**
 * Every character and pair of adjacent characters of the searched text, as indexed by migration
 * 0008 (`products_search_short_grams_idx`): the expression must stay the index's, or the index is
 * not used.
 */
const SHORT_GRAMS = sql`bharatmart_short_grams(lower("name") || chr(31) || lower("description") || chr(31) || lower("sku"))`;

/**
 * `products` for a scan that sorts what it finds: MySQL and MariaDB otherwise walk the name index
 * for a first page, which reads most of the catalog when the matches sort late (a word of 1 product
 * in 8, sorting 6th of 8: 62,500 rows through the index, 3 times the cost of the scan).
 */
const PRODUCTS_SCANNED = sql<Selectable<ProductsTable>>`products`.as<'products'>(
  sql`products ignore index for order by (products_name_idx)`,
);

/** A character outside the Basic Multilingual Plane (an emoji, say): two UTF-16 units. */
const BEYOND_BMP = /[\u{10000}-\u{10FFFF}]/u;

/** Products over the `products` table; a duplicate sku raises `CONFLICT`. */
export function createProductRepository(ctx: SqlContext): ProductRepository {
  const { db } = ctx;

  const shortTerm = (term: string) => ctx.features.searchIndex === 'trigram' && [...term].length <= 2;
  const oracleText = ctx.features.searchIndex === 'gram-oracle-text';
  // Whether `term` can be looked up among indexed grams (migrations 0008 and 0009): not on Oracle
  // when it holds a character beyond U+FFFF, since a CLOB's grams count UTF-16 units.
  const gramIndexed = (term: string) =>
    ctx.features.searchIndex === 'gram-fulltext' || (oracleText && !BEYOND_BMP.test(term));

  const skuTaken = (sku: string, cause: unknown) =>
    new DomainError('CONFLICT', `a product with sku ${sku} already exists`, { sku }, { cause });

  // The lookup by id runs on every cache miss of a product read: compiled once (see CompiledStatements).
  const get = (id: string) =>
    ctx.run(async () => {
      const { rows } = await db.executeQuery(
        ctx.statements.bind('product by id', [id], ([bound]) =>
          db.selectFrom('products').selectAll().where('id', '=', bound),
        ),
      );
      return rows[0] && toProduct(rows[0]);
    });

  // A listing's two statements depend only on which filters are given: compiled once per combination.
  // `broad`: the term was found broad (see broadTerm), so the rows are scanned rather than looked up.
  const filtered = (query: ProductQuery, broad: boolean) => {
    const term = query.search?.toLowerCase() ?? '';
    const search = term !== '';
    // pg_trgm finds no trigram in a term of one or two characters; such terms are looked up in the
    // index of every character and character pair (migration 0008) before the LIKE checks them,
    // unless the term is in most products (`broad`): then the LIKE alone reads every row.
    const short = search && shortTerm(term) && !broad;
    // Where the text's grams are indexed words (migrations 0008 and 0009), the rows holding all the
    // term's grams are looked up there first, unless the term is broad: then every row is read.
    const grams = search && gramIndexed(term) && !broad;
    const scanned = search && ctx.features.searchIndex === 'gram-fulltext' && broad;
    const { category, minPrice, maxPrice } = query;
    const values: PlainValue[] = [];
    if (search) values.push(`%${escapeLike(term)}%`);
    if (short) values.push(term);
    if (grams) values.push(oracleText ? oracleTextQuery(term) : gramQuery(term));
    if (category !== undefined) values.push(category);
    if (minPrice !== undefined) values.push(minPrice);
    if (maxPrice !== undefined) values.push(maxPrice);
    const shape = [
      search,
      short,
      grams,
      scanned,
      category !== undefined,
      minPrice !== undefined,
      maxPrice !== undefined,
    ]
      .map((given) => (given ? 1 : 0))
      .join('');
    /** The products matching the filters, with `bound` holding the filter values in `values` order. */
    const from = (bound: readonly PlainValue[]) => {
      let builder = scanned ? db.selectFrom(PRODUCTS_SCANNED) : db.selectFrom('products');
      const given = bound.values();
      const next = () => given.next().value;
      if (search) {
        const pattern = next();
        builder = builder.where((eb) =>
          eb.or(
            SEARCHED_COLUMNS.map(
              (column) => sql<boolean>`lower(${eb.ref(column)}) like ${pattern} escape '!'`,
            ),
          ),
        );
      }
      if (short) {
        const gram = next();
        builder = builder.where(sql<boolean>`${SHORT_GRAMS} @> array[${gram}]::text[]`);
      }
      if (grams) {
        const words = next();
        builder = builder.where(
          oracleText
            ? sql<boolean>`${sql.ref('id')} in (select ${sql.ref('product_id')} from ${sql.table('product_search')} where contains(${sql.ref('grams')}, ${words}) > 0)`
            : sql<boolean>`${sql.ref('id')} in (select product_id from product_search where match(grams) against (${words} in boolean mode))`,
        );
      }
      if (category !== undefined) builder = builder.where('category', '=', next() as string);
      if (minPrice !== undefined) builder = builder.where('price', '>=', next() as number);
      if (maxPrice !== undefined) builder = builder.where('price', '<=', next() as number);
      return builder;
    };
    return { shape, values, from, search };
  };

  return {
    create: (product) =>
      ctx.run(async () => {
        const now = ctx.now();
        const row = {
          id: ctx.newId(),
          sku: product.sku,
          name: product.name,
          description: product.description,
          price: product.price,
          currency: product.currency,
          stock: product.stock,
          category: product.category,
          hsn_code: product.hsnCode ?? '',
          gst_rate_bp: rateToBasisPoints(product.gstRatePercent ?? STANDARD_GST_RATE_PERCENT),
          created_at: now,
          updated_at: now,
        };
        try {
          await db.insertInto('products').values(row).execute();
        } catch (error) {
          if (ctx.classify(error) === 'unique-violation') throw skuTaken(product.sku, error);
          throw error;
        }
        return toProduct(row);
      }),

    update: (id, patch) =>
      ctx.run(async () => {
        const changes = productPatchColumns(patch, ctx.now());
        try {
          const result = await db
            .updateTable('products')
            .set(changes)
            .where('id', '=', id)
            .executeTakeFirst();
          if (result.numUpdatedRows === 0n) return undefined;
        } catch (error) {
          if (ctx.classify(error) === 'unique-violation') throw skuTaken(patch.sku ?? '', error);
          throw error;
        }
        return get(id);
      }),

    get,

    list: (query) =>
      ctx.run(async () => {
        const term = query.search?.toLowerCase() ?? '';
        const pattern = `%${escapeLike(term)}%`;
        // Probed: a term of the gram indexes, for the cheaper plan (see broadTerm); a short term on
        // PostgreSQL, whose planner, when it expects most rows to match, scans the table computing the
        // short-grams index expression for every row (a second for `a` among 10,000 products).
        const broad =
          term !== '' &&
          ((gramIndexed(term) && (await broadTerm(ctx, pattern, 'words'))) ||
            (shortTerm(term) && (await broadTerm(ctx, pattern, 'short'))));
        const { shape, values, from, search } = filtered(query, broad);
        // Where trigram indexes serve the search, the page is sorted from the matches the indexes
        // find: OFFSET 0 keeps the planner from walking the name index instead and filtering, which
        // it picks when it guesses many matches, and which reads most of the catalog when the
        // matches sort late (a word shared by 1 product in 8: 77 ms instead of 11 on 100,000).
        const fenced = search && ctx.features.searchIndex === 'trigram';
        const page = ctx.statements.bind(
          `products page ${shape}`,
          [...values, query.limit, query.offset],
          (bound) => {
            const limit = bound[values.length] as number;
            const offset = bound[values.length + 1] as number;
            if (!fenced)
              return from(bound).selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset);
            return db
              .selectFrom(from(bound).selectAll().offset(sql.lit(0)).as('matching'))
              .selectAll()
              .orderBy('name')
              .orderBy('id')
              .limit(limit)
              .offset(offset);
          },
        );
        // With a cap, the count stops one row past it: a broad search reads cap + 1 matches, not all.
        const cap = query.totalCap;
        const total =
          cap === undefined
            ? ctx.statements.bind(`products count ${shape}`, values, (bound) =>
                from(bound).select((eb) => eb.fn.countAll<number | string | bigint>().as('total')),
              )
            : ctx.statements.bind(`products capped count ${shape}`, [...values, cap + 1], (bound) =>
                db
                  .selectFrom(
                    from(bound)
                      .select(sql.lit(1).as('one'))
                      .limit(bound[values.length] as number)
                      .as('matching'),
                  )
                  .select((eb) => eb.fn.countAll<number | string | bigint>().as('total')),
              );
        const [{ rows }, counted] = await Promise.all([db.executeQuery(page), db.executeQuery(total)]);
        const [first] = counted.rows;
        if (!first) throw new Error('count(*) returned no row');
        const items = rows.map(toProduct);
        return productPage(items, toNumber(first.total), query);
      }),

    count: () =>
      ctx.run(async () => {
        const counted = await db
          .selectFrom('products')
          .select((eb) => eb.fn.countAll<number | string | bigint>().as('total'))
          .executeTakeFirstOrThrow();
        return toNumber(counted.total);
      }),
  };
}
