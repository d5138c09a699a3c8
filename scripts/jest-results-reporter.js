import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/** The first lines of a jest failure message, without terminal colours: enough to name the cause. */
function firstLines(message, lines = 6) {
  return message
    .replace(/\u001b\[[0-9;]*m/g, '')
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
    const skipped = results.testResults.flatMap((file) =>
      file.testResults
        .filter((test) => test.status === 'pending' || test.status === 'todo')
        .map((test) => ({ test: test.fullName, file: relative(this.rootDir, file.testFilePath) })),
    );
    const failures = results.testResults.flatMap((file) => {
      const where = relative(this.rootDir, file.testFilePath);
      const tests = file.testResults
        .filter((test) => test.status === 'failed')
        .map((test) => ({
          test: test.fullName,
          file: where,
          message: firstLines(test.failureMessages.join('\n')),
        }));
      if (tests.length === 0 && file.testExecError)
        return [
          { test: '(the file did not run)', file: where, message: firstLines(file.failureMessage ?? '') },
        ];
      return tests;
    });
    const slowest = results.testResults
      .flatMap((file) =>
        file.testResults.map((test) => ({
          test: test.fullName,
          file: relative(this.rootDir, file.testFilePath),
          ms: test.duration ?? 0,
        })),
      )
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
