import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from '@jest/globals';

/** Directories searched for server binaries besides PATH (Debian keeps daemons in sbin). */
const EXTRA_DIRECTORIES = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/** The path of executable `name` on PATH or in an sbin directory, or undefined. */
export function findBinary(name: string): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  const directories = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRECTORIES];
  return directories.map((directory) => join(directory, name)).find(isExecutable);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Declares `body` as a describe block when every binary named is installed. Without one, a
 * developer's run skips the block saying what to install; under CI=true the block fails instead, so a
 * missing binary can never pass silently. `install` names the Debian packages that provide them.
 */
export function describeWithBinaries(
  binaries: string[],
  install: string,
  title: string,
  body: () => void,
): void {
  const missing = binaries.filter((binary) => findBinary(binary) === undefined);
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const reason = `${missing.join(', ')} not installed (apt-get install ${install}; .ci/run installs it)`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('needs its binaries', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  process.stderr.write(`\n  SKIPPED "${title}": ${reason}\n`);
  describe.skip(title, body);
}

/**
 * The user and group a server that refuses to run as root (PgBouncer, initdb, postgres, mariadbd) is
 * started as: `account` (Debian's `postgres` or `mysql`) when this process is root, this process's own
 * otherwise (undefined: no switch).
 */
export function serverUser(account = 'postgres'): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, account], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
