import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** The first lines of a jest failure message, without terminal colours: enough to name the cause. */
function firstLines(message, lines = 6) {
  return stripVTControlCharacters(message)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, lines)
    .join('\n');
}

/**
 * A jest reporter that writes each package's totals to reports/jest/<package>.json at the repo root,
 * for scripts/run-tests.mjs to add up into the one summary line CI reads. Each skipped test is
 * recorded with its file, relative to the package (e.g. `test/oracle-live.test.ts`); each failed test,
 * and each file that failed to run, with its file and the first lines of its failure, so that the
 * end of a CI log names what failed; and its five slowest tests, to see which come near their timeout.
 */
export default class ResultsReporter {
  constructor(globalConfig, options) {
    this.outputDir = options.outputDir;
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    mkdirSync(this.outputDir, { recursive: true });
    const fileOf = (file) => relative(this.rootDir, file.testFilePath);
    const tests = results.testResults.flatMap((file) =>
      file.testResults.map((test) => ({ test, file: fileOf(file) })),
    );
    const skipped = tests
      .filter(({ test }) => test.status === 'pending' || test.status === 'todo')
      .map(({ test, file }) => ({ test: test.fullName, file }));
    const failures = [
      ...tests
        .filter(({ test }) => test.status === 'failed')
        .map(({ test, file }) => ({
          test: test.fullName,
          file,
          message: firstLines(test.failureMessages.join('\n')),
        })),
      ...results.testResults
        .filter((file) => file.testExecError && !file.testResults.some((test) => test.status === 'failed'))
        .map((file) => ({
          test: '(the file did not run)',
          file: fileOf(file),
          message: firstLines(file.failureMessage ?? ''),
        })),
    ];
    const slowest = tests
      .map(({ test, file }) => ({ test: test.fullName, file, ms: test.duration ?? 0 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5);
    const summary = {
      package: this.rootDir,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      skippedTests: skipped,
      failures,
      slowest,
      suites: results.numTotalTestSuites,
    };
    writeFileSync(join(this.outputDir, `${basename(this.rootDir)}.json`), JSON.stringify(summary, null, 2));
  }
}
