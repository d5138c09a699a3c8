import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from '@jest/globals';
import { pendingJob, seedDemoCatalog } from '@bharatmart/core';
import { createPgliteDatabase } from '@bharatmart/database-pglite';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import { createPostgresTestDatabase, describeWithService, runApp } from '@bharatmart/testkit';
import type { PostgresTestDatabase } from '@bharatmart/testkit';

const DB_COPY = fileURLToPath(new URL('../dist/cli/db-copy.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'bharatmart-copy-'));
const databases: PostgresTestDatabase[] = [];

afterAll(async () => {
  for (const database of databases) await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

function copy(from: string, to: string, env: Record<string, string>, extra: string[] = []) {
  return runApp(DB_COPY, { ...env, NODE_ENV: 'test' }, 120_000, ['--from', from, '--to', to, ...extra]);
}

await describeWithService('postgres', 'pnpm db:copy', () => {
  it('copies PGlite → PostgreSQL → Supabase with matching checksums, re-runs as a no-op, and reports a corrupted row', async () => {
    const source = createPgliteDatabase({ dataDir });
    await source.migrations.latest();
    await seedDemoCatalog(source);
    const product = (await source.products.list({ limit: 1, offset: 0 })).items[0];
    const user = await source.users.create({
      email: 'copy@example.in',
      name: 'Copy',
      passwordHash: 'x',
      role: 'customer',
    });
    for (let i = 0; i < 25; i++) {
      await source.orders.create({
        userId: user.id,
        items: [{ productId: product?.id ?? '', quantity: 1 }],
        jobs: (orderId) => [pendingJob('payment.charge', { orderId }, orderId)],
      });
    }
    await source.close();
    const postgres = await createPostgresTestDatabase('copy_target');
    const supabase = await createPostgresTestDatabase('copy_supabase');
    databases.push(postgres, supabase);

    const first = await copy('pglite', 'postgresql', {
      SOURCE_PGLITE_DATA_DIR: dataDir,
      TARGET_DATABASE_URL: postgres.url,
    });
    expect(first.output).toContain('All tables match.');
    expect(first.output).toMatch(/orders\s+25\s+25\s+match/);
    expect(first.code).toBe(0);

    const toSupabase = {
      SOURCE_DATABASE_URL: postgres.url,
      TARGET_SUPABASE_URL: 'http://127.0.0.1:9',
      TARGET_SUPABASE_DB_URL: supabase.url,
    };
    expect((await copy('postgresql', 'supabase', toSupabase)).code).toBe(0);
    const again = await copy('postgresql', 'supabase', toSupabase);
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/products\s+24\s+24\s+match/);

    const target = createPostgresDatabase({ connectionString: supabase.url });
    const victim = (await target.orders.list({ limit: 1, offset: 0 })).items[0];
    await target.orders.transition(victim?.id ?? '', { from: ['pending'], to: 'cancelled' });
    await target.close();
    const verifyOnly = await copy('postgresql', 'supabase', toSupabase, ['--verify-only']);
    expect(verifyOnly.code).toBe(1);
    expect(verifyOnly.output).toMatch(/orders\s+25\s+25\s+MISMATCH/);
    const repaired = await copy('postgresql', 'supabase', toSupabase);
    expect(repaired.code).toBe(0);
    expect(repaired.output).toContain('All tables match.');
  }, 180_000);
});
