import { sql, type Updateable } from 'kysely';
import { DomainError, type ProductQuery, type ProductRepository } from '@bharatmart/core';
import { toProduct } from './row-mappers.js';
import type { ProductsTable } from './schema.js';
import { escapeLike, toNumber, type SqlContext } from './sql-context.js';

const SEARCHED_COLUMNS = ['name', 'description', 'sku'] as const;

/** Products over the `products` table; a duplicate sku raises `CONFLICT`. */
export function createProductRepository(ctx: SqlContext): ProductRepository {
  const { db } = ctx;

  const skuTaken = (sku: string, cause: unknown) =>
    new DomainError('CONFLICT', `a product with sku ${sku} already exists`, { sku }, { cause });

  const get = (id: string) =>
    ctx.run(async () => {
      const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
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
        const changes: Updateable<ProductsTable> = { updated_at: ctx.now() };
        if (patch.sku !== undefined) changes.sku = patch.sku;
        if (patch.name !== undefined) changes.name = patch.name;
        if (patch.description !== undefined) changes.description = patch.description;
        if (patch.price !== undefined) changes.price = patch.price;
        if (patch.currency !== undefined) changes.currency = patch.currency;
        if (patch.stock !== undefined) changes.stock = patch.stock;
        if (patch.category !== undefined) changes.category = patch.category;
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
