#!/usr/bin/env node
/**
 * `pnpm test`: builds, lints, type-checks and format-checks every package, runs every package's jest
 * suites one package at a time (they share the machine's services), and ends with one line,
 * `N passed, N failed`. Exits non-zero when anything failed, when a package with tests produced no
 * results, or — under CI=true — when a test was skipped (locally a skip for a missing service is
 * listed as a warning). The one exception is ALLOWED_NOT_RUN, listed before the last line. Above it
 * come the slowest tests and each failed test with the first lines of its failure, so that the end of
 * a CI log says what failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * The only suites allowed not to run, even under CI=true: each needs a backend that cannot run on
 * this machine and runs when every variable of `enabledBy` is set. Skipped while they are all set,
 * it is a failure like any other skip.
 */
const ALLOWED_NOT_RUN = [
  {
    package: 'database-oracle',
    file: 'test/oracle-live.test.ts',
    enabledBy: ['ORACLE_TEST_CONNECT_STRING', 'ORACLE_TEST_USER', 'ORACLE_TEST_PASSWORD'],
    reason: 'needs an Oracle Database, which cannot run on this machine',
    howToRun:
      'start Oracle Database Free in a container (packages/adapters/database-oracle/README.md, "Live tests")',
  },
];

/** The ALLOWED_NOT_RUN entry covering a skipped test of package `name`, if any. */
function allowedNotRun(name, skipped) {
  return ALLOWED_NOT_RUN.find(
    (entry) =>
      entry.package === name &&
      entry.file === skipped.file &&
      entry.enabledBy.some((variable) => !process.env[variable]),
  );
}
const reports = join(root, 'reports', 'jest');

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status === 0;
}

/** Every workspace package with a jest config: the apps, the packages and adapters, and top-level ones (deployment). */
function packagesWithTests() {
  const dirs = ['.', 'packages', 'packages/adapters', 'apps'].flatMap((parent) =>
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

const slowest = [];
let passed = 0;
let failed = 0;
const notRun = new Map();
for (const name of packagesWithTests()) {
  const file = join(reports, `${name}.json`);
  if (!existsSync(file)) {
    if (checked) problems.push(`${name}: no test results (did its suites run?)`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  for (const failure of result.failures)
    problems.push(
      `${name} ${failure.file}: ${failure.test}\n      ${failure.message.replaceAll('\n', '\n      ')}`,
    );
  slowest.push(...result.slowest.map((test) => ({ ...test, package: name })));
  passed += result.passed;
  failed += result.failed;
  const skipped = result.skippedTests.filter((test) => {
    const allowed = allowedNotRun(name, test);
    if (allowed) notRun.set(allowed, (notRun.get(allowed) ?? 0) + 1);
    return !allowed;
  });
  if (skipped.length > 0) {
    const message = `${name}: ${skipped.length} skipped: ${skipped.map((test) => `${test.test} (${test.file})`).join('; ')}`;
    if (process.env.CI === 'true') {
      problems.push(message);
      failed += skipped.length;
    } else {
      warnings.push(message);
    }
  }
}
if (slowest.length > 0)
  console.log(
    `\nSlowest tests (jest's timeout is 60 s unless a test sets its own):\n${slowest
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8)
      .map((test) => `  - ${(test.ms / 1000).toFixed(1)} s  ${test.package} ${test.file}: ${test.test}`)
      .join('\n')}`,
  );
if (warnings.length > 0)
  console.log(
    `\nSkipped (a missing local service; under CI=true this fails):\n${warnings.map((w) => `  - ${w}`).join('\n')}`,
  );
if (notRun.size > 0)
  console.log(
    `\nNot run (allowed, see ALLOWED_NOT_RUN in scripts/run-tests.mjs):\n${[...notRun]
      .map(
        ([entry, tests]) =>
          `  - ${entry.package} ${entry.file} (${tests} test${tests === 1 ? '' : 's'}): ${entry.reason}; ` +
          `to run it, set ${entry.enabledBy.join(', ')}: ${entry.howToRun}`,
      )
      .join('\n')}`,
  );
if (problems.length > 0) console.log(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(problems.length === 0 && failed === 0 ? 0 : 1);
