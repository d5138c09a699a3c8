import { randomUUID } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite, type Extensions } from '@electric-sql/pglite';

/** Where the pristine cluster is kept when the caller names no directory: the user's own cache. */
export const DEFAULT_TEMPLATE_DIR = join(homedir(), '.cache', 'bharatmart', 'pglite');

/** The installed PGlite's version, read once: a template is only loaded by the version that made it. */
let version: Promise<string> | undefined;
function pgliteVersion(): Promise<string> {
  version ??= readFile(
    join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json'),
    'utf8',
  ).then((manifest) => (JSON.parse(manifest) as { version: string }).version);
  return version;
}

async function loadFromTemplate(file: string, extensions: Extensions): Promise<PGlite | undefined> {
  let template: Blob;
  try {
    template = await openAsBlob(file);
  } catch {
    return undefined;
  }
  try {
    return await PGlite.create('memory://', { extensions, loadDataDir: template });
  } catch {
    // A template this PGlite cannot load is remade below from a new cluster.
    return undefined;
  }
}

/** Saves `cluster`'s data directory as the template; a cache that cannot be written is left alone. */
async function saveTemplate(cluster: PGlite, file: string): Promise<void> {
  // A name of its own, so that no other writer's file is ever renamed half-written.
  const partial = `${file}.${randomUUID()}.partial`;
  try {
    const dump = Buffer.from(await (await cluster.dumpDataDir('none')).arrayBuffer());
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(partial, dump, { mode: 0o600 });
    await rename(partial, file);
  } catch {
    // Only later opens are slower: each makes its own cluster again.
    await rm(partial, { force: true }).catch(() => undefined);
  }
}

/**
 * Opens a new, empty in-memory PostgreSQL cluster, the same as `PGlite.create('memory://')` gives.
 * Making one (PGlite's initdb) costs seconds of CPU, so the first cluster made is saved, before
 * anything is written to it, as a template in `templateDir` (one file per PGlite version), and later
 * clusters start as copies of it. A template that is missing, unreadable or unloadable is made again;
 * a directory that cannot be written only costs the time.
 */
export async function openMemoryCluster(extensions: Extensions, templateDir: string): Promise<PGlite> {
  const file = join(templateDir, `pglite-${await pgliteVersion()}.tar`);
  const copied = await loadFromTemplate(file, extensions);
  if (copied) return copied;
  const cluster = await PGlite.create('memory://', { extensions });
  await saveTemplate(cluster, file);
  return cluster;
}
