import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AdapterError, defineSecrets, measureHealth } from '@bharatmart/core';
import type { ISecretsProvider } from '@bharatmart/core';

/** Options of the file secrets provider. */
export interface FileSecretsOptions {
  /** The directory holding one file per secret, e.g. `/run/secrets` (Docker) or a Kubernetes secret volume. */
  dir: string;
}

const ADAPTER = 'file';

/** A secret name is one file name: no path separator, no NUL, not `.` or `..`. */
const isFileName = (name: string): boolean =>
  name.length > 0 && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);

// Duck-typed: errors from node:fs may come from another realm (e.g. under jest's VM modules).
const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

/**
 * Secrets held as files, named `file`: secret `NAME` is the file `<dir>/NAME`, as Docker secrets
 * and Kubernetes secret volumes mount them (symlinks are followed). One trailing newline (`\n` or
 * `\r\n`) is removed; a file that is then empty counts as absent, like an empty variable. Files are
 * read again on every call, so a rotated file is seen at once (the runtime's cache sets the pace).
 * A name that is not a plain file name (e.g. contains `/`) is never held.
 * `get` throws an `AdapterError` naming the path, never the content: `MISCONFIGURED` when the
 * directory is missing or not a directory or a file is not readable, `UNAVAILABLE` otherwise.
 * `health()` checks the directory exists and is readable; `close()` does nothing.
 */
export function createFileSecrets(options: FileSecretsOptions): ISecretsProvider {
  const { dir } = options;

  const failure = (path: string, error: unknown): AdapterError => {
    const code = codeOf(error);
    const misconfigured = code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM';
    return new AdapterError(
      ADAPTER,
      misconfigured ? 'MISCONFIGURED' : 'UNAVAILABLE',
      `cannot read ${path} (${code ?? 'error'})`,
      {
        cause: error,
      },
    );
  };

  const checkDir = async (): Promise<void> => {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(dir)).isDirectory();
      await access(dir, constants.R_OK | constants.X_OK);
    } catch (error) {
      throw failure(dir, error);
    }
    if (!isDirectory) throw new AdapterError(ADAPTER, 'MISCONFIGURED', `${dir} is not a directory`);
  };

  const read = async (name: string): Promise<string | undefined> => {
    if (!isFileName(name)) return undefined;
    const path = join(dir, name);
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch (error) {
      const code = codeOf(error);
      if (code === 'EISDIR') return undefined;
      if (code !== 'ENOENT') throw failure(path, error);
      // A missing file is an absent secret, unless the whole directory is missing.
      await checkDir();
      return undefined;
    }
    const value = content.replace(/\r?\n$/, '');
    return value === '' ? undefined : value;
  };

  return defineSecrets({
    name: ADAPTER,
    get: read,
    health: () => measureHealth(checkDir),
    async close() {},
  });
}
