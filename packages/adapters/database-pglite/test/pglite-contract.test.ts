import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { describeDatabaseContract } from '@bharatmart/testkit';
import { createPgliteDatabase, PGLITE_MEMORY } from '../src/index.js';

describeDatabaseContract('pglite (memory)', async () => createPgliteDatabase({ dataDir: PGLITE_MEMORY }));

describe('pglite on disk', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bharatmart-pglite-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('creates the data directory on first use and keeps data across close and reopen', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    const first = createPgliteDatabase({ dataDir });
    expect(first.name).toBe('pglite');
    await first.migrations.latest();
    const product = await first.products.create({
      sku: 'PERSIST-1',
      name: 'Persistent',
      description: 'survives a restart',
      price: 4_200,
      currency: 'INR',
      stock: 3,
      category: 'durable',
    });
    await first.close();

    const second = createPgliteDatabase({ dataDir });
    try {
      await expect(second.migrations.latest()).resolves.toEqual([]);
      await expect(second.products.get(product.id)).resolves.toEqual(product);
    } finally {
      await second.close();
    }
  });

  it('reports a data directory it cannot open as UNAVAILABLE, and retries on the next call', async () => {
    const dataDir = join(await tempDir(), 'blocked');
    await writeFile(dataDir, 'a file where the directory should be');
    const db = createPgliteDatabase({ dataDir });
    try {
      await expect(db.products.count()).rejects.toMatchObject({ name: 'AdapterError', code: 'UNAVAILABLE' });
      await expect(db.health()).resolves.toMatchObject({ status: 'down' });
      await rm(dataDir);
      await db.migrations.latest();
      await expect(db.products.count()).resolves.toBe(0);
    } finally {
      await db.close();
    }
  });
});
