import { sql, type CompiledQuery, type Selectable } from 'kysely';
import { DomainError, type ProductQuery, type ProductRepository } from '@bharatmart/core';
import { productPatchColumns, toProduct } from './row-mappers.js';
import type { ProductsTable } from './schema.js';
import { escapeLike, toNumber, type SqlContext } from './sql-context.js';

const SEARCHED_COLUMNS = ['name', 'description', 'sku'] as const;
/** Stands for the id while the by-id query is compiled; never sent to the database. */
const ID_MARKER = '\u0000product-id\u0000';

/** Products over the `products` table; a duplicate sku raises `CONFLICT`. */
export function createProductRepository(ctx: SqlContext): ProductRepository {
  const { db } = ctx;

  const skuTaken = (sku: string, cause: unknown) =>
    new DomainError('CONFLICT', `a product with sku ${sku} already exists`, { sku }, { cause });

  const byIdBuilder = (id: string) => db.selectFrom('products').selectAll().where('id', '=', id);
  // The lookup by id runs on every cache miss of a product read; building and compiling the query
  // per call is a fixed cost that a primary-key lookup of well under 0.1 ms notices. So it is
  // compiled once, by this dialect's own compiler and plugins, with a marker as its one parameter,
  // and each call runs that SQL with the id bound instead. Should a dialect not bind the id as the
  // only parameter, the query is built per call as before.
  const compiledById = ((): CompiledQuery<Selectable<ProductsTable>> | undefined => {
    const compiled = byIdBuilder(ID_MARKER).compile();
    const bindsOnlyTheId = compiled.parameters.length === 1 && compiled.parameters[0] === ID_MARKER;
    return bindsOnlyTheId ? compiled : undefined;
  })();

  const get = (id: string) =>
    ctx.run(async () => {
      let row: Selectable<ProductsTable> | undefined;
      if (compiledById) {
        const bound: CompiledQuery<Selectable<ProductsTable>> = { ...compiledById, parameters: [id] };
        row = (await db.executeQuery(bound)).rows[0];
      } else {
        row = await byIdBuilder(id).executeTakeFirst();
      }
      return row && toProduct(row);
    });

  const filtered = (query: ProductQuery) => {
    let builder = db.selectFrom('products');
    if (query.search !== undefined && query.search !== '') {
      const pattern = `%${escapeLike(query.search.toLowerCase())}%`;
      builder = builder.where((eb) =>
        eb.or(
          SEARCHED_COLUMNS.map((column) => sql<boolean>`lower(${eb.ref(column)}) like ${pattern} escape '!'`),
        ),
      );
    }
    if (query.category !== undefined) builder = builder.where('category', '=', query.category);
    if (query.minPrice !== undefined) builder = builder.where('price', '>=', query.minPrice);
    if (query.maxPrice !== undefined) builder = builder.where('price', '<=', query.maxPrice);
    return builder;
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
        const [rows, counted] = await Promise.all([
          filtered(query)
            .selectAll()
            .orderBy('name')
            .orderBy('id')
            .limit(query.limit)
            .offset(query.offset)
            .execute(),
          filtered(query)
            .select((eb) => eb.fn.countAll<number | string | bigint>().as('total'))
            .executeTakeFirstOrThrow(),
        ]);
        return { items: rows.map(toProduct), total: toNumber(counted.total) };
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
