import { afterAll, expect, it } from '@jest/globals';
import { ApiClient, createPostgresTestDatabase, describeWithService, startApp } from '@bharatmart/testkit';
import type { PostgresTestDatabase, RunningApp } from '@bharatmart/testkit';
import { API_ENTRY, testEnv } from './support.js';

let database: PostgresTestDatabase | undefined;
const apps: RunningApp[] = [];

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await database?.drop();
});

await describeWithService('postgres', 'several API processes starting on an empty database', () => {
  it('three started at the same moment: the migrations are applied once and all three serve', async () => {
    database = await createPostgresTestDatabase('concurrent_start');
    const env = testEnv({ DATABASE_TYPE: 'postgresql', DATABASE_URL: database.url });
    apps.push(...(await Promise.all([1, 2, 3].map(() => startApp({ entry: API_ENTRY, env })))));
    const applied = apps.filter((app) => app.output().includes('"msg":"database migrations applied"'));
    expect(applied).toHaveLength(1);
    for (const app of apps) {
      const client = new ApiClient(app.baseUrl);
      expect((await client.get('/readyz')).status).toBe(200);
      expect((await client.get('/api/v1/products?limit=1')).body.total).toBe(24);
    }
  });
});
