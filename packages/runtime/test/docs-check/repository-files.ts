import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'dist',
  '.git',
  '.turbo',
  'reports',
  '.data',
  'coverage',
]);

/** Every file under the repository root (build output, dependencies and git's own files left out). */
export function repositoryFiles(directory = ROOT): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory())
      return SKIPPED_DIRECTORIES.has(entry.name) ? [] : repositoryFiles(join(directory, entry.name));
    return entry.isFile() ? [join(directory, entry.name)] : [];
  });
}

/** The markdown files a reader of the repository sees: README, CHANGELOG, docs/ and every package's README. */
export function markdownFiles(): string[] {
  return repositoryFiles().filter((file) => file.endsWith('.md'));
}

/** `file` relative to the repository root, for messages. */
export function fromRoot(file: string): string {
  return relative(ROOT, file);
}

/** Every workspace package's name, directory and scripts (the root's own under the name `<root>`). */
export function workspacePackages(): Map<string, { directory: string; scripts: Set<string> }> {
  const packages = new Map<string, { directory: string; scripts: Set<string> }>();
  for (const file of repositoryFiles().filter((path) => path.endsWith('/package.json'))) {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      name?: string;
      scripts?: Record<string, string>;
    };
    const directory = file.slice(0, -'/package.json'.length);
    const name = directory === ROOT.replace(/\/$/, '') ? '<root>' : manifest.name;
    if (name !== undefined)
      packages.set(name, { directory, scripts: new Set(Object.keys(manifest.scripts ?? {})) });
  }
  return packages;
}
