import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PRODUCT_TOTAL_CAP } from '@bharatmart/core';
import type { TestApi } from './support.js';
import { createProduct, startTestApi } from './support.js';

/** The catalog as the public API answers it. */
async function catalog(api: TestApi, query: string) {
  const response = await fetch(`${api.app.baseUrl}/api/v1/products?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { items: { name: string }[]; total: number; totalCapped: boolean };
}

describe('the catalog counts at most PRODUCT_TOTAL_CAP matches', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    // One product past the cap, ten requests at a time.
    const names = Array.from(
      { length: PRODUCT_TOTAL_CAP + 1 },
      (_, i) => `Capped kettle ${String(i).padStart(4, '0')}`,
    );
    for (let start = 0; start < names.length; start += 10) {
      await Promise.all(
        names.slice(start, start + 10).map((name) => createProduct(api, { name, category: 'capped' })),
      );
    }
  }, 300_000);
  afterAll(async () => {
    await api.app.stop();
  });

  it('answers totalCapped with the cap as total, a lower bound, past it', async () => {
    const page = await catalog(api, 'category=capped&search=KETTLE&limit=5');
    expect(page).toMatchObject({ total: PRODUCT_TOTAL_CAP, totalCapped: true });
    expect(page.items.map((item) => item.name)).toEqual([0, 1, 2, 3, 4].map((i) => `Capped kettle 000${i}`));
  });

  it('raises the lower bound to the end of a page past the cap', async () => {
    const last = await catalog(api, `category=capped&limit=10&offset=${PRODUCT_TOTAL_CAP - 5}`);
    expect(last.items).toHaveLength(6);
    expect(last).toMatchObject({ total: PRODUCT_TOTAL_CAP + 1, totalCapped: true });
  });

  it('counts exactly up to the cap', async () => {
    expect(await catalog(api, 'category=capped&search=kettle%200999')).toMatchObject({
      total: 1,
      totalCapped: false,
    });
  });
});
