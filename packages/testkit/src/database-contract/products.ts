import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { IDatabaseAdapter, Product } from '@bharatmart/core';
import type { DatabaseFixtures } from './fixtures.js';

/** ProductRepository: create, get, update, list filters and paging, count. */
export function describeProductContract(fx: DatabaseFixtures): void {
  const { run, newProduct, tick } = fx;
  describe('products', () => {
    it('creates a product and reads it back', async () => {
      const created = await newProduct({ price: 123_456_789_012, stock: 7 });
      expect(created).toMatchObject({ price: 123_456_789_012, stock: 7, currency: 'INR' });
      expect(created.id).toEqual(expect.any(String));
      expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
      expect(created.updatedAt).toBe(created.createdAt);
      await expect(fx.db.products.get(created.id)).resolves.toEqual(created);
    });

    it('returns undefined for an unknown id', async () => {
      await expect(fx.db.products.get(randomUUID())).resolves.toBeUndefined();
    });

    it('raises CONFLICT for a duplicate sku', async () => {
      const first = await newProduct();
      await expect(newProduct({ sku: first.sku })).rejects.toMatchObject({
        name: 'DomainError',
        code: 'CONFLICT',
      });
    });

    it('updates given fields only and returns the new state', async () => {
      const created = await newProduct({ description: 'before' });
      await tick();
      const updated = await fx.db.products.update(created.id, { name: 'Renamed', price: 2_500, stock: 0 });
      expect(updated).toMatchObject({
        ...created,
        name: 'Renamed',
        price: 2_500,
        stock: 0,
        updatedAt: expect.any(String),
      });
      expect((updated?.updatedAt ?? '') > created.updatedAt).toBe(true);
      await expect(fx.db.products.get(created.id)).resolves.toEqual(updated);
    });

    it('returns undefined when updating an unknown product, and CONFLICT when taking another sku', async () => {
      await expect(fx.db.products.update(randomUUID(), { name: 'x' })).resolves.toBeUndefined();
      const [a, b] = [await newProduct(), await newProduct()];
      await expect(fx.db.products.update(b.id, { sku: a.sku })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(fx.db.products.get(b.id)).resolves.toEqual(b);
    });

    it('counts products', async () => {
      const before = await fx.db.products.count();
      await newProduct();
      expect(await fx.db.products.count()).toBeGreaterThanOrEqual(before + 1);
    });

    describe('list', () => {
      const token = `zq${run}`;
      const category = `list-${run}`;
      let apple: Product, banana: Product, cherry: Product, durian: Product;
      const names = (products: Product[]) => products.map((product) => product.name);
      const list = (query: Partial<Parameters<IDatabaseAdapter['products']['list']>[0]>) =>
        fx.db.products.list({ category, limit: 100, offset: 0, ...query });

      beforeAll(async () => {
        durian = await newProduct({
          category,
          name: `Durian ${token.toUpperCase()}`,
          price: 400,
          description: 'spiky',
        });
        banana = await newProduct({ category, name: 'Banana', price: 200, description: `yellow ${token}` });
        cherry = await newProduct({
          category,
          name: 'Cherry',
          price: 300,
          description: '100%_natural',
          sku: `CH-${token}`,
        });
        apple = await newProduct({ category, name: 'Apple', price: 100, description: 'crisp' });
      });

      it('filters by category, ordered by name, with the total', async () => {
        const page = await list({});
        expect(names(page.items)).toEqual(names([apple, banana, cherry, durian]));
        expect(page.total).toBe(4);
      });

      it('searches name, description and sku case-insensitively', async () => {
        const page = await fx.db.products.list({ search: token.toUpperCase(), limit: 100, offset: 0 });
        expect(names(page.items)).toEqual(names([banana, cherry, durian]));
        expect(page.total).toBe(3);
        expect(names((await list({ search: 'CRISP' })).items)).toEqual(['Apple']);
      });

      it('treats % and _ in a search literally', async () => {
        expect(names((await list({ search: '%' })).items)).toEqual(['Cherry']);
        expect(names((await list({ search: '0%_n' })).items)).toEqual(['Cherry']);
        expect((await list({ search: 'p_ky' })).total).toBe(0);
      });

      it('filters by price range, inclusive', async () => {
        expect(names((await list({ minPrice: 200 })).items)).toEqual(names([banana, cherry, durian]));
        expect(names((await list({ maxPrice: 200 })).items)).toEqual(names([apple, banana]));
        expect(names((await list({ minPrice: 200, maxPrice: 300 })).items)).toEqual(names([banana, cherry]));
      });

      it('treats a zero price bound as a bound, alone or with a search', async () => {
        expect((await list({ minPrice: 0 })).total).toBe(4);
        expect(await list({ minPrice: 0, maxPrice: 0 })).toEqual({ items: [], total: 0 });
        expect(names((await list({ search: 'CRISP', minPrice: 0, maxPrice: 100 })).items)).toEqual(['Apple']);
      });

      it('pages with limit and offset; total ignores them', async () => {
        const page = await list({ limit: 2, offset: 1 });
        expect(names(page.items)).toEqual(names([banana, cherry]));
        expect(page.total).toBe(4);
        expect(await list({ limit: 2, offset: 4 })).toEqual({ items: [], total: 4 });
      });
    });
  });
}
