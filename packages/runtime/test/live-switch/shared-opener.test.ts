import { describe, expect, it } from '@jest/globals';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { createPgliteDatabase } from '@bharatmart/database-pglite';
import { sharedOpener } from '../../src/switch/shared-opener.js';

/** An opener of in-memory PGlite databases that counts how many it opened. */
function countingOpener() {
  const opened: IDatabaseAdapter[] = [];
  const open = sharedOpener(async () => {
    const db = createPgliteDatabase({ dataDir: 'memory://' });
    await db.migrations.latest();
    opened.push(db);
    return db;
  });
  return { open, opened };
}

describe('sharedOpener', () => {
  it('gives every caller the same database, open until the last caller closes it', async () => {
    const { open, opened } = countingOpener();
    const [switchRun, follower] = await Promise.all([open(), open()]);
    expect(opened).toHaveLength(1);
    const product = await switchRun.products.create({
      sku: 'SHARED-1',
      name: 'Shared',
      description: '',
      price: 100,
      currency: 'INR',
      stock: 1,
      category: 'test',
    });
    await switchRun.close();
    await switchRun.close();
    expect((await follower.products.get(product.id))?.sku).toBe('SHARED-1');
    expect((await follower.health()).status).toBe('up');
    await follower.close();
    await expect(opened[0]?.products.get(product.id)).rejects.toThrow();

    const reopened = await open();
    expect(opened).toHaveLength(2);
    await reopened.close();
  });

  it('does not remember a failed open', async () => {
    let attempts = 0;
    const open = sharedOpener(async () => {
      attempts++;
      if (attempts === 1) throw new Error('target unreachable');
      return createPgliteDatabase({ dataDir: 'memory://' });
    });
    await expect(open()).rejects.toThrow('target unreachable');
    const db = await open();
    expect(attempts).toBe(2);
    await db.close();
  });
});
