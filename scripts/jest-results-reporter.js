import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/**
 * A jest reporter that writes each package's totals to reports/jest/<package>.json at the repo root,
 * for scripts/run-tests.mjs to add up into the one summary line CI reads. Each skipped test is
 * recorded with its file, relative to the package (e.g. `test/oracle-live.test.ts`).
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
    const summary = {
      package: this.rootDir,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      skippedTests: skipped,
      suites: results.numTotalTestSuites,
    };
    writeFileSync(join(this.outputDir, `${basename(this.rootDir)}.json`), JSON.stringify(summary, null, 2));
  }
}
