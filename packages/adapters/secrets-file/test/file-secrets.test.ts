import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterError } from '@bharatmart/core';
import { describeSecretsContract } from '@bharatmart/testkit';
import { createFileSecrets } from '../src/index.js';

const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'secrets-file-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describeSecretsContract('file', async (seed) => {
  const dir = await tempDir();
  // Written as `echo value > file` would, with one trailing newline.
  await Promise.all(Object.entries(seed).map(([name, value]) => writeFile(join(dir, name), `${value}\n`)));
  return createFileSecrets({ dir });
});

describe('createFileSecrets', () => {
  it('trims exactly one trailing newline, \\n or \\r\\n, and counts an empty file as absent', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'UNIX'), 'a\n');
    await writeFile(join(dir, 'WINDOWS'), 'b\r\n');
    await writeFile(join(dir, 'TWO'), 'c\n\n');
    await writeFile(join(dir, 'NONE'), 'd');
    await writeFile(join(dir, 'EMPTY'), '\n');
    const secrets = createFileSecrets({ dir });
    expect(await secrets.getMany(['UNIX', 'WINDOWS', 'TWO', 'NONE', 'EMPTY'])).toEqual({
      UNIX: 'a',
      WINDOWS: 'b',
      TWO: 'c\n',
      NONE: 'd',
    });
  });

  it('reads the file again on every call, so a rotated secret is seen at once', async () => {
    const dir = await tempDir();
    const secrets = createFileSecrets({ dir });
    expect(await secrets.get('TOKEN')).toBeUndefined();
    await writeFile(join(dir, 'TOKEN'), 'one\n');
    expect(await secrets.get('TOKEN')).toBe('one');
    await writeFile(join(dir, 'TOKEN'), 'two\n');
    expect(await secrets.get('TOKEN')).toBe('two');
  });

  it('never reads outside its directory', async () => {
    const parent = await tempDir();
    await writeFile(join(parent, 'OUTSIDE'), 'leak');
    await mkdir(join(parent, 'inner'));
    const secrets = createFileSecrets({ dir: join(parent, 'inner') });
    for (const name of ['../OUTSIDE', '..', '.', '', 'a/b', 'a\\b'])
      expect(await secrets.get(name)).toBeUndefined();
  });

  it('reports a missing directory as MISCONFIGURED with its path, and health down', async () => {
    const dir = join(await tempDir(), 'missing');
    await writeFile(join(dir, '..', 'not-a-dir'), 'secret-content');
    for (const path of [dir, join(dir, '..', 'not-a-dir')]) {
      const secrets = createFileSecrets({ dir: path });
      const error = await secrets.get('TOKEN').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AdapterError);
      expect(error).toMatchObject({
        adapter: 'file',
        code: 'MISCONFIGURED',
        message: expect.stringContaining(path),
      });
      expect((error as Error).message).not.toContain('secret-content');
      expect(await secrets.health()).toMatchObject({
        status: 'down',
        message: expect.stringContaining(path),
      });
    }
  });
});
