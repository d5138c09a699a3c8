import { describe, expect, it } from '@jest/globals';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { createPgliteDatabase } from '@bharatmart/database-pglite';
import { sharedOpener } from '../../src/switch/shared-opener.js';

/** An opener of in-memory PGlite databases that records each open and each finished close. */
function countingOpener() {
  const opened: IDatabaseAdapter[] = [];
  const events: string[] = [];
  const open = sharedOpener(async () => {
    events.push(`open ${opened.length + 1}`);
    const db = createPgliteDatabase({ dataDir: 'memory://' });
    await db.migrations.latest();
    const number = opened.length + 1;
    const recorded = Object.assign(Object.create(db) as IDatabaseAdapter, {
      close: async () => {
        await db.close();
        events.push(`closed ${number}`);
      },
    });
    opened.push(recorded);
    return recorded;
  });
  return { open, opened, events };
}

describe('sharedOpener', () => {
  it('gives every caller the same database, open until the last caller closes it', async () => {
    const { open, opened, events } = countingOpener();
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
    // Closed by its last user while someone opens it again: the reopen waits for the close.
    const closed = reopened.close();
    const again = await open();
    await closed;
    expect(opened).toHaveLength(3);
    expect(events).toEqual(['open 1', 'closed 1', 'open 2', 'closed 2', 'open 3']);
    expect((await again.health()).status).toBe('up');
    await again.close();
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
