import { fileURLToPath } from 'node:url';

/** Shared jest settings: TypeScript tests compiled by SWC to ESM, run under Node's VM modules. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
  reporters: [
    'default',
    [
      fileURLToPath(new URL('./scripts/jest-results-reporter.js', import.meta.url)),
      { outputDir: fileURLToPath(new URL('./reports/jest', import.meta.url)) },
    ],
  ],
};

/**
 * For the packages whose test files mostly wait on the processes and servers they start (API,
 * workers, databases, nginx): two files at a time, even on two cores, where jest's default is one.
 */
export const twoFilesAtATime = { maxWorkers: 2 };
