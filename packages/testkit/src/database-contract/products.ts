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
        expect(await list({ minPrice: 0, maxPrice: 0 })).toEqual({ items: [], total: 0, totalCapped: false });
        expect(names((await list({ search: 'CRISP', minPrice: 0, maxPrice: 100 })).items)).toEqual(['Apple']);
      });

      it('counts up to totalCap, and past it flags total as a lower bound', async () => {
        expect(await list({ totalCap: 4 })).toMatchObject({ total: 4, totalCapped: false });
        expect(await list({ totalCap: 2, limit: 1 })).toMatchObject({ total: 2, totalCapped: true });
        expect(await list({ totalCap: 2 })).toMatchObject({ total: 4, totalCapped: true });
        const late = await list({ totalCap: 2, limit: 2, offset: 1 });
        expect(names(late.items)).toEqual(names([banana, cherry]));
        expect(late).toMatchObject({ total: 3, totalCapped: true });
        expect(await list({ search: token, totalCap: 2, limit: 2 })).toMatchObject({
          total: 2,
          totalCapped: true,
        });
        expect(await list({ search: 'CRISP', totalCap: 1 })).toMatchObject({ total: 1, totalCapped: false });
      });

      it('pages with limit and offset; total ignores them', async () => {
        const page = await list({ limit: 2, offset: 1 });
        expect(names(page.items)).toEqual(names([banana, cherry]));
        expect(page).toMatchObject({ total: 4, totalCapped: false });
        expect(await list({ limit: 2, offset: 4 })).toEqual({ items: [], total: 4, totalCapped: false });
      });
    });
  });
}

/**
 * Search terms of every length, case and accent, the same on every backend: the text is lower-cased
 * by the database (non-ASCII letters included), accents count, and a term never spans two fields.
 */
export function describeProductSearchContract(fx: DatabaseFixtures): void {
  const { run, newProduct } = fx;
  describe('product search', () => {
    const category = `search-${run}`;
    // The run's hex id in decimal: SKUs unique to the run that hold no letter a term could match
    // (a run id holding "ee" made every product match "ee").
    const skuSuffix = String(parseInt(run, 16));
    let products: Product[] = [];
    const search = async (term: string) =>
      (await fx.db.products.list({ category, search: term, limit: 100, offset: 0 })).items.map((p) => p.name);
    /** What the search must find: products with the term in a field, compared lower-cased. */
    const containing = (term: string) =>
      products
        .filter((p) =>
          [p.name, p.description, p.sku].some((f) => f.toLowerCase().includes(term.toLowerCase())),
        )
        .map((p) => p.name)
        .sort();

    beforeAll(async () => {
      const specs = [
        { name: 'Masala Chāy', description: 'spiced tea' },
        { name: 'Chai latte', description: 'Ēk cup' },
        { name: 'Ghee', description: 'pure' },
        { name: 'Jaggery', description: 'unrefined GUR' },
        { name: 'Ōrganic honey', description: 'raw' },
      ];
      products = [];
      for (const [index, spec] of specs.entries()) {
        products.push(await newProduct({ ...spec, category, sku: `SR${index}-${skuSuffix}` }));
      }
    });

    it('folds the case of non-ASCII letters, and keeps accents', async () => {
      expect(await search('CHĀY')).toEqual(['Masala Chāy']);
      expect(await search('chāy')).toEqual(['Masala Chāy']);
      expect(await search('chay')).toEqual([]);
      expect(await search('ēk')).toEqual(['Chai latte']);
      expect(await search('ŌRGANIC')).toEqual(['Ōrganic honey']);
    });

    it('finds terms of one and two characters in any field', async () => {
      expect(await search('ā')).toEqual(['Masala Chāy']);
      expect(await search('Ō')).toEqual(['Ōrganic honey']);
      expect(await search('G')).toEqual(containing('g'));
      expect(await search('ee')).toEqual(['Ghee']);
      expect(await search('CH')).toEqual(['Chai latte', 'Masala Chāy']);
      expect(await search('gu')).toEqual(['Jaggery']);
    });

    it('never matches a term across two fields', async () => {
      // "Ghee" + "pure", "Jaggery" + "unrefined": no field holds "ep" or "yu".
      expect(await search('ep')).toEqual([]);
      expect(await search('yu')).toEqual([]);
      expect(await search('e p')).toEqual([]);
    });

    it('finds what a lower-cased substring match finds, for terms of every length', async () => {
      for (const term of ['a', 'h', 'T', 'la', 'Y ', 'tea', 'pur', 'Honey', 'unrefined gur', 'zz', 'x']) {
        expect({ term, found: await search(term) }).toEqual({ term, found: containing(term) });
      }
    });
  });
}
