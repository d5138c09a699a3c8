import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './shop.js';

const DEPLOYMENT_DOC = join(ROOT, 'docs/deployment.md');

/** The names of the runbooks in docs/deployment.md, in order (`<!-- runbook: name -->` markers). */
export function runbookNames(): string[] {
  return [...readFileSync(DEPLOYMENT_DOC, 'utf8').matchAll(/^<!-- runbook: ([\w-]+) -->$/gm)].map(
    (match) => match[1] ?? '',
  );
}

/** The shell block that follows runbook `name`'s marker, as a reader copies it. */
export function runbookBlock(name: string): string {
  const text = readFileSync(DEPLOYMENT_DOC, 'utf8');
  const block = new RegExp(`^<!-- runbook: ${name} -->\\n+\`\`\`sh\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(
    text,
  )?.[1];
  if (block === undefined)
    throw new Error(`docs/deployment.md has no sh block after <!-- runbook: ${name} -->`);
  return block;
}

/**
 * Runs runbook `name` with bash (`-euo pipefail`: the first failing command stops it) from the
 * repository root, with only PATH, HOME and `env` in its environment.
 */
export function runRunbook(
  name: string,
  env: Record<string, string>,
  timeoutMs = 180_000,
): Promise<{ code: number | null; output: string }> {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', runbookBlock(name)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runbook ${name} did not finish in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Writes `values` as an env file (one NAME=value a line, as the shipped files are written). */
export function writeEnvFile(path: string, values: Record<string, string>): void {
  writeFileSync(
    path,
    Object.entries(values)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
}
