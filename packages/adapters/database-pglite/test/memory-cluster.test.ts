import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createPgliteDatabase, PGLITE_EXTENSIONS, PGLITE_MEMORY } from '../src/index.js';
import { openMemoryCluster } from '../src/memory-cluster.js';

const dirs: string[] = [];
async function templateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bharatmart-pglite-template-'));
  dirs.push(dir);
  return dir;
}

/** The one template file in `dir`. */
async function templateFile(dir: string): Promise<string> {
  const files = await readdir(dir);
  expect(files).toEqual([expect.stringMatching(/^pglite-\d+\.\d+\.\d+.*\.tar$/)]);
  return join(dir, files[0] ?? '');
}

async function hasTable(cluster: PGlite, name: string): Promise<boolean> {
  const { rows } = await cluster.query<{ found: string | null }>('select to_regclass($1)::text as found', [
    name,
  ]);
  return rows[0]?.found === name;
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('in-memory clusters start from a saved pristine cluster', () => {
  it('the first saves the template before anything is written; later ones are copies of it', async () => {
    const dir = await templateDir();
    const first = createPgliteDatabase({ dataDir: PGLITE_MEMORY, templateDir: dir });
    await first.migrations.latest();
    const file = await templateFile(dir);

    // A template holding a marker table: a cluster that has it was loaded from the file.
    const marked = await PGlite.create(PGLITE_MEMORY, { extensions: PGLITE_EXTENSIONS });
    await marked.exec('create table template_marker (id int)');
    await writeFile(file, Buffer.from(await (await marked.dumpDataDir('none')).arrayBuffer()));
    await marked.close();

    const copy = await openMemoryCluster(PGLITE_EXTENSIONS, dir);
    try {
      expect(await hasTable(copy, 'template_marker')).toBe(true);
      // The first database's schema never reached the template: it was saved before migrating.
      expect(await hasTable(copy, 'products')).toBe(false);
    } finally {
      await copy.close();
      await first.close();
    }
  });

  it('copies are separate databases: each migrates to its own identity and sees only its own rows', async () => {
    const dir = await templateDir();
    const [a, b] = [0, 1].map(() => createPgliteDatabase({ dataDir: PGLITE_MEMORY, templateDir: dir }));
    if (!a || !b) throw new Error('two databases expected');
    try {
      await a.migrations.latest();
      await b.migrations.latest();
      await templateFile(dir);
      expect(await a.migrations.identity()).not.toEqual(await b.migrations.identity());
      await a.products.create({
        sku: 'ONLY-IN-A',
        name: 'Only in a',
        description: 'written to one copy',
        price: 100,
        currency: 'INR',
        stock: 1,
        category: 'test',
      });
      expect(await a.products.count()).toBe(1);
      expect(await b.products.count()).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a template that cannot be loaded is made again, and the database opens as usual', async () => {
    const dir = await templateDir();
    const seed = await openMemoryCluster(PGLITE_EXTENSIONS, dir);
    await seed.close();
    const file = await templateFile(dir);
    await writeFile(file, 'not a tar file');

    const db = createPgliteDatabase({ dataDir: PGLITE_MEMORY, templateDir: dir });
    try {
      await db.migrations.latest();
      await expect(db.products.count()).resolves.toBe(0);
      expect((await stat(file)).size).toBeGreaterThan(1_000_000);
      expect((await readFile(file)).subarray(0, 14).toString()).not.toBe('not a tar file');
    } finally {
      await db.close();
    }
  });

  it('a template directory that cannot be written only costs time', async () => {
    const blocked = join(await templateDir(), 'a-file');
    await writeFile(blocked, 'a file where the directory should be');
    const db = createPgliteDatabase({ dataDir: PGLITE_MEMORY, templateDir: blocked });
    try {
      await db.migrations.latest();
      await expect(db.products.count()).resolves.toBe(0);
    } finally {
      await db.close();
    }
  });
});
