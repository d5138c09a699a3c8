import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { describeWithService, useMysqlTestDatabase } from '@bharatmart/testkit';
import { createMysqlDatabase } from '../src/index.js';

// The contract suite checks what a search finds; this checks how: through migration 0008's
// `product_search` table, which the triggers keep in step with every write, and its FULLTEXT index.
await describeWithService('mariadb', 'mysql product search index', () => {
  const database = useMysqlTestDatabase('search_index');
  let db: IDatabaseAdapter;
  const search = async (term: string) =>
    (await db.products.list({ search: term, category: 'tea', limit: 20, offset: 0 })).items.map(
      (p) => p.name,
    );
  const newProduct = (sku: string, name: string, description: string) =>
    db.products.create({ sku, name, description, price: 100, currency: 'INR', stock: 1, category: 'tea' });

  beforeAll(async () => {
    db = createMysqlDatabase({ uri: database().url });
    await db.migrations.latest();
  });
  afterAll(async () => {
    await db.close();
  });

  it('finds only the products whose grams are indexed, for terms of every length', async () => {
    const chay = await newProduct('T-1', 'Masala Chāy', 'spiced');
    await newProduct('T-2', 'Assam', 'strong');
    for (const term of ['ā', 'ch', 'CHĀY', 'spiced']) expect(await search(term)).toEqual(['Masala Chāy']);
    // Without its row in product_search a product is not found, though its columns still match.
    await database().query('delete from product_search where product_id = ?', [chay.id]);
    for (const term of ['ā', 'ch', 'CHĀY', 'spiced']) expect(await search(term)).toEqual([]);
    expect(await search('assam')).toEqual(['Assam']);
  });

  it('reads the rows for a term found in many products, and looks a rarer one up', async () => {
    const kulfis = [];
    for (let i = 0; i < 8; i++) kulfis.push(await newProduct(`K-${i}`, `Kulfi ${i}`, 'frozen'));
    const [unindexed] = kulfis;
    await database().query('delete from product_search where product_id = ?', [unindexed?.id]);
    // Broad: every row is read, so the product missing from product_search is found too, in order.
    expect(await search('kulfi')).toEqual(kulfis.map((p) => p.name));
    const page = await db.products.list({
      search: 'KULFI',
      category: 'tea',
      limit: 3,
      offset: 3,
      totalCap: 7,
    });
    expect(page).toMatchObject({ total: 7, totalCapped: true });
    expect(page.items.map((p) => p.name)).toEqual(['Kulfi 3', 'Kulfi 4', 'Kulfi 5']);
    // Selective: looked up in product_search, which does not hold it.
    expect(await search('kulfi 0')).toEqual([]);
    expect(await search('kulfi 1')).toEqual(['Kulfi 1']);
  });

  it('re-indexes a product when its name, description or sku changes', async () => {
    const product = await newProduct('T-3', 'Nilgiri', 'fragrant');
    await db.products.update(product.id, { description: 'frost tea', price: 200 });
    expect(await search('frost')).toEqual(['Nilgiri']);
    expect(await search('fragrant')).toEqual([]);
    await db.products.update(product.id, { sku: 'NIL-9' });
    expect(await search('nil-9')).toEqual(['Nilgiri']);
    const [row] = await database().query('select count(*) as n from product_search where product_id = ?', [
      product.id,
    ]);
    expect(Number(row?.n)).toBe(1);
  });
});

await describeWithService('mariadb', 'mysql product search index, added to a stored catalog', () => {
  const database = useMysqlTestDatabase('search_backfill');

  it('indexes the products stored before migration 0008 when it applies', async () => {
    const db = createMysqlDatabase({ uri: database().url });
    try {
      await db.migrations.latest();
      // Back to the schema before 0008, with a product stored then.
      for (const statement of [
        'drop trigger products_search_insert',
        'drop trigger products_search_update',
        'drop trigger products_search_delete',
        'drop procedure bharatmart_index_product_search',
        'drop table product_search',
        "delete from bharatmart_migrations where name >= '0008'",
      ]) {
        await database().query(statement);
      }
      await db.products.create({
        sku: 'OLD-1',
        name: 'Kangra tea',
        description: 'from before',
        price: 100,
        currency: 'INR',
        stock: 1,
        category: 'tea',
      });
      await db.migrations.latest();
      const found = await db.products.list({ search: 'kangra', limit: 20, offset: 0 });
      expect(found.items.map((p) => p.name)).toEqual(['Kangra tea']);
      expect(await database().query('select product_id from product_search')).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
