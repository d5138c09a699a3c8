#!/usr/bin/env node
/**
 * `pnpm test`: builds, lints, type-checks and format-checks every package, runs every package's jest
 * suites one package at a time (they share the machine's services), and ends with one line,
 * `N passed, N failed`. Exits non-zero when anything failed, when a package with tests produced no
 * results, or — under CI=true — when a test was skipped (locally a skip for a missing service is
 * listed as a warning).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, 'reports', 'jest');

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status === 0;
}

function packagesWithTests() {
  const dirs = ['packages', 'packages/adapters', 'apps'].flatMap((parent) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, parent, entry.name)),
  );
  return dirs.filter((dir) => existsSync(join(dir, 'jest.config.js'))).map((dir) => dir.split('/').pop());
}

rmSync(reports, { recursive: true, force: true });
const problems = [];
const warnings = [];
const checked =
  run('pnpm', ['exec', 'turbo', 'run', 'build', 'lint', 'typecheck', '--output-logs=errors-only']) &&
  run('pnpm', ['exec', 'prettier', '--check', '--log-level=warn', '.']);
if (!checked) problems.push('build, lint, type-check or format check failed');
else if (!run('pnpm', ['exec', 'turbo', 'run', 'test', '--concurrency=1', '--continue']))
  problems.push('a test run failed');

let passed = 0;
let failed = 0;
for (const name of packagesWithTests()) {
  const file = join(reports, `${name}.json`);
  if (!existsSync(file)) {
    if (checked) problems.push(`${name}: no test results (did its suites run?)`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.passed;
  failed += result.failed;
  if (result.skipped > 0) {
    const message = `${name}: ${result.skipped} skipped: ${result.skippedTests.join('; ')}`;
    if (process.env.CI === 'true') {
      problems.push(message);
      failed += result.skipped;
    } else {
      warnings.push(message);
    }
  }
}
if (warnings.length > 0)
  console.log(
    `\nSkipped (a missing local service; under CI=true this fails):\n${warnings.map((w) => `  - ${w}`).join('\n')}`,
  );
if (problems.length > 0) console.log(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(problems.length === 0 && failed === 0 ? 0 : 1);
