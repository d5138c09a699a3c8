import { beforeAll, expect, it } from '@jest/globals';
import {
  describeWithService,
  indexScansDuring,
  scansDuring,
  SEARCH_CATALOG,
  seedSearchCatalog,
  usePostgresTestDatabase,
} from '@bharatmart/testkit';
import type { ProductPage } from '@bharatmart/core';
import { createPostgresDatabase } from '../src/index.js';

const TRIGRAM_INDEXES = ['products_name_trgm_idx', 'products_description_trgm_idx', 'products_sku_trgm_idx'];
const SHORT_TERM_INDEX = ['products_search_short_grams_idx'];

// The bench measures that search stays flat as the catalog grows; this checks the mechanism: the
// statements the adapter sends for a search are served by the trigram indexes of migration 0003,
// and those for a term of one or two characters by migration 0008's index.
await describeWithService('postgres', 'postgresql product search', () => {
  const database = usePostgresTestDatabase('search_index');

  beforeAll(async () => {
    const migrator = createPostgresDatabase({ connectionString: database().url });
    await migrator.migrations.latest();
    await migrator.close();
    await seedSearchCatalog(database());
  });

  it('finds matches through the trigram indexes, whatever the case of the term', async () => {
    let found: { total: number; names: string[] } | undefined;
    const scans = await indexScansDuring(database(), TRIGRAM_INDEXES, async () => {
      const adapter = createPostgresDatabase({ connectionString: database().url });
      const page = await adapter.products.list({ search: SEARCH_CATALOG.term, limit: 20, offset: 0 });
      await adapter.close();
      found = { total: page.total, names: page.items.map((product) => product.name) };
    });
    expect(found?.total).toBe(SEARCH_CATALOG.matching);
    expect(found?.names).toContain('Darjeeling tea 500');
    expect(scans).toBeGreaterThan(0);
  });

  it.each(['DA', 'j'])(
    'finds matches of the short term %s through the index of characters and pairs',
    async (term) => {
      let total: number | undefined;
      const scans = await indexScansDuring(database(), SHORT_TERM_INDEX, async () => {
        const adapter = createPostgresDatabase({ connectionString: database().url });
        total = (await adapter.products.list({ search: term, limit: 20, offset: 0, totalCap: 1_000 })).total;
        await adapter.close();
      });
      // Only the "Darjeeling tea" products hold "da" or "j" (the others are "Basmati rice", "Grown in India").
      expect(total).toBe(SEARCH_CATALOG.matching);
      expect(scans).toBeGreaterThan(0);
    },
  );

  it('reads a short term held by most products with the LIKE alone, not through the index of characters and pairs', async () => {
    // With the index's condition, PostgreSQL's planner scans the table computing the index expression
    // for every row when most rows match (a second for 10,000 products). Every product holds "i"
    // ("Grown in India"); sequential scans are off for this database, so the statement scans the
    // table only when it offers the planner no index.
    let page: ProductPage | undefined;
    const scans = await scansDuring(database(), SHORT_TERM_INDEX, async () => {
      const adapter = createPostgresDatabase({ connectionString: database().url });
      page = await adapter.products.list({ search: 'I', limit: 20, offset: 0, totalCap: 1_000 });
      await adapter.close();
    });
    expect(page).toMatchObject({ total: 1_000, totalCapped: true });
    expect(page?.items).toHaveLength(20);
    expect(scans.tableScans).toBeGreaterThan(0);
    expect(scans.indexScans).toBe(0);
  });
});
