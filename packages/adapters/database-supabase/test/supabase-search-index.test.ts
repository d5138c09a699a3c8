import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from '@jest/globals';
import { startSupabaseStandin } from '@bharatmart/supabase-standin';
import {
  describeWithService,
  indexScansDuring,
  scansDuring,
  SEARCH_CATALOG,
  seedSearchCatalog,
  usePostgresTestDatabase,
} from '@bharatmart/testkit';
import type { ProductPage } from '@bharatmart/core';
import { createSupabaseDatabase } from '../src/index.js';

const REGEX_INDEXES = [
  'products_name_trgm_regex_idx',
  'products_description_trgm_regex_idx',
  'products_sku_trgm_regex_idx',
];

// The bench measures that search stays flat as the catalog grows; this checks the mechanism: the
// PostgREST requests the adapter sends for a search are served by migration supabase-0004's indexes,
// and those for a term of one or two characters by the shared migration 0008's, through supabase-0008.
await describeWithService('postgres', 'supabase product search', () => {
  const database = usePostgresTestDatabase('supabase_search_index');
  const jwtSecret = randomBytes(32).toString('hex');
  /** The adapter over a stand-in of its own; stopping both ends the stand-in's sessions. */
  const withAdapter = async <T>(work: (adapter: ReturnType<typeof createSupabaseDatabase>) => Promise<T>) => {
    const standin = await startSupabaseStandin({ databaseUrl: database().url, jwtSecret });
    const adapter = createSupabaseDatabase({
      url: standin.url,
      serviceRoleKey: standin.serviceRoleKey,
      dbUrl: database().url,
    });
    try {
      return await work(adapter);
    } finally {
      await adapter.close();
      await standin.stop();
    }
  };

  beforeAll(async () => {
    await withAdapter((adapter) => adapter.migrations.latest());
    await seedSearchCatalog(database());
  });

  it('finds matches through the trigram indexes, whatever the case of the term', async () => {
    let found: { total: number; names: string[] } | undefined;
    const scans = await indexScansDuring(database(), REGEX_INDEXES, () =>
      withAdapter(async (adapter) => {
        const page = await adapter.products.list({ search: SEARCH_CATALOG.term, limit: 20, offset: 0 });
        found = { total: page.total, names: page.items.map((product) => product.name) };
      }),
    );
    expect(found?.total).toBe(SEARCH_CATALOG.matching);
    expect(found?.names).toContain('Darjeeling tea 500');
    expect(scans).toBeGreaterThan(0);
  });

  it.each(['DA', 'j'])(
    'finds matches of the short term %s through the index of characters and pairs',
    async (term) => {
      let total: number | undefined;
      const scans = await indexScansDuring(database(), ['products_search_short_grams_idx'], () =>
        withAdapter(async (adapter) => {
          total = (await adapter.products.list({ search: term, limit: 20, offset: 0, totalCap: 1_000 }))
            .total;
        }),
      );
      // Only the "Darjeeling tea" products hold "da" or "j" (the others are "Basmati rice", "Grown in India").
      expect(total).toBe(SEARCH_CATALOG.matching);
      expect(scans).toBeGreaterThan(0);
    },
  );

  it('reads a short term held by most products with the LIKE alone, not through the index of characters and pairs', async () => {
    // Every product holds "i" ("Grown in India"); sequential scans are off for this database, so the
    // function's statement scans the table only when it offers the planner no index.
    let page: ProductPage | undefined;
    const scans = await scansDuring(database(), ['products_search_short_grams_idx'], async () => {
      page = await withAdapter((adapter) =>
        adapter.products.list({ search: 'I', limit: 20, offset: 0, totalCap: 1_000 }),
      );
    });
    expect(page).toMatchObject({ total: 1_000, totalCapped: true });
    expect(page?.items).toHaveLength(20);
    expect(scans.tableScans).toBeGreaterThan(0);
    expect(scans.indexScans).toBe(0);
  });
});
