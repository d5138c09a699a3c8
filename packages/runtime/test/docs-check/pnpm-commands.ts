/** A `pnpm …` invocation named in a piece of code: the package it is filtered to, if any, and its command. */
export interface PnpmCommand {
  text: string;
  filter?: string;
  command: string;
}

/** pnpm's own commands (https://pnpm.io/cli/add and its siblings) that docs name; anything else must be a script. */
export const PNPM_BUILTINS = new Set([
  'add',
  'audit',
  'deploy',
  'dlx',
  'exec',
  'install',
  'i',
  'list',
  'outdated',
  'remove',
  'update',
  'why',
]);

/** Every `pnpm …` command in `code` (a code span or fenced block), `pnpm run x` read as `x`. */
export function pnpmCommands(code: string): PnpmCommand[] {
  const commands: PnpmCommand[] = [];
  // `pnpm` where a shell command starts: a line (after a `$ ` prompt), `&&`, `;`, `|` or `(`, after
  // any `NAME=value` assignments; not the word inside prose or program output.
  const starts =
    /(?:^|&&|;|\||\()[\t ]*(?:\$[\t ]+)?(?:[A-Z_][A-Z0-9_]*=\S*[\t ]+)*pnpm[\t ]+([^\n;&|)#]*)/gm;
  for (const match of code.matchAll(starts)) {
    const words = (match[1] ?? '').trim().split(/\s+/);
    let filter: string | undefined;
    let index = 0;
    while (index < words.length && (words[index] ?? '').startsWith('-')) {
      const option = words[index] ?? '';
      if (option === '--filter' || option === '-F') {
        filter = (words[index + 1] ?? '').replace(/\.\.\.$/, '');
        index += 2;
      } else index += 1;
    }
    let command = words[index] ?? '';
    if (command === 'run') command = words[index + 1] ?? '';
    if (command === '') continue;
    commands.push({ text: `pnpm ${(match[1] ?? '').trim()}`, command, ...(filter ? { filter } : {}) });
  }
  return commands;
}
