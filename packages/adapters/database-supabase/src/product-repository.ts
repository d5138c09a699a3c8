import {
  DomainError,
  productPage,
  rateToBasisPoints,
  STANDARD_GST_RATE_PERCENT,
  type ProductQuery,
  type ProductRepository,
} from '@bharatmart/core';
import { escapeRegex, quoteValue } from './postgrest-patterns.js';
import { productPatchColumns } from '@bharatmart/database-sql';
import { toProduct, type ProductRow } from './rows.js';
import { isUniqueViolation, PostgrestFailure, type SupabaseContext } from './supabase-context.js';

type ProductSelect = ReturnType<ReturnType<SupabaseContext['client']['from']>['select']>;

/** supabase-0008: the products whose searched text holds a term of one or two characters. */
const SHORT_TERM_FUNCTION = 'bharatmart_products_holding';

/** Products over PostgREST's `products` resource; a duplicate sku raises `CONFLICT`. */
export function createProductRepository(ctx: SupabaseContext): ProductRepository {
  const products = () => ctx.client.from('products');

  const skuTaken = (sku: string, cause: unknown) =>
    new DomainError('CONFLICT', `a product with sku ${sku} already exists`, { sku }, { cause });

  const get = (id: string) =>
    ctx.run(async () => {
      const { data } = await ctx.result<ProductRow | null>(products().select('*').eq('id', id).maybeSingle());
      return data ? toProduct(data) : undefined;
    });

  // The rows a query may match, as `select(columns)`: for a term of one or two characters, which no
  // trigram index serves, those the index of characters and pairs holds (supabase-0008's function);
  // otherwise the table.
  const source = (
    query: ProductQuery,
    columns: string,
    count?: { count: 'exact'; head?: boolean },
  ): ProductSelect => {
    const term = query.search?.toLowerCase() ?? '';
    if (term === '' || [...term].length > 2) return products().select(columns, count);
    return ctx.client
      .rpc(SHORT_TERM_FUNCTION, { p_term: term }, count)
      .select(columns) as unknown as ProductSelect;
  };

  // Applies the query's filters to a select of `products` (a page or a count).
  const filtered = (builder: ProductSelect, query: ProductQuery): ProductSelect => {
    let result = builder;
    if (query.search !== undefined && query.search !== '') {
      const pattern = quoteValue(escapeRegex(query.search));
      result = result.or(
        ['name', 'description', 'sku'].map((column) => `${column}.imatch.${pattern}`).join(','),
      );
    }
    if (query.category !== undefined) result = result.eq('category', query.category);
    if (query.minPrice !== undefined) result = result.gte('price', query.minPrice);
    if (query.maxPrice !== undefined) result = result.lte('price', query.maxPrice);
    return result;
  };

  const countMatching = async (query: ProductQuery) =>
    (await ctx.result(filtered(source(query, '*', { count: 'exact', head: true }), query))).count ?? 0;

  return {
    create: (product) =>
      ctx.run(async () => {
        const now = ctx.now();
        const row: ProductRow = {
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
          await ctx.result(products().insert(row));
        } catch (error) {
          throw isUniqueViolation(error) ? skuTaken(product.sku, error) : error;
        }
        return toProduct(row);
      }),

    update: (id, patch) =>
      ctx.run(async () => {
        const changes = productPatchColumns(patch, ctx.now());
        try {
          const { data } = await ctx.result<ProductRow[]>(
            products().update(changes).eq('id', id).select('*'),
          );
          return data[0] ? toProduct(data[0]) : undefined;
        } catch (error) {
          throw isUniqueViolation(error) ? skuTaken(patch.sku ?? '', error) : error;
        }
      }),

    get,

    list: (query) =>
      ctx.run(async () => {
        const cap = query.totalCap;
        // Without a cap PostgREST counts every match with the page. With one, the page goes alone and
        // the ids of at most cap + 1 matches are counted beside it, so a broad search counts no more.
        const page = filtered(source(query, '*', cap === undefined ? { count: 'exact' } : undefined), query)
          .order('name')
          .order('id')
          .range(query.offset, query.offset + query.limit - 1);
        const capped =
          cap === undefined
            ? Promise.resolve(undefined)
            : ctx
                .result<{ id: string }[]>(filtered(source(query, 'id'), query).limit(cap + 1))
                .then(({ data }) => data.length);
        // Settled here so that its failure is never unhandled while the page fails first.
        capped.catch(() => undefined);
        try {
          const { data, count } = await ctx.result<ProductRow[]>(page);
          return productPage(data.map(toProduct), (await capped) ?? count ?? data.length, query);
        } catch (error) {
          // PostgREST answers an offset past the last row with 416; the page is then empty.
          if (error instanceof PostgrestFailure && error.code === 'PGRST103') {
            return productPage([], (await capped) ?? (await countMatching(query)), query);
          }
          throw error;
        }
      }),

    count: () => ctx.run(() => countMatching({ limit: 0, offset: 0 })),
  };
}
