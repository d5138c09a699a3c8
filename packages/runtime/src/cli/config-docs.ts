import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedTables } from '../config/configuration-docs.js';

/**
 * `pnpm docs:config`: rewrites the variable and secret tables of docs/configuration.md from the
 * backend descriptors and the general settings. A test fails while the file and they disagree.
 */
const file = new URL('../../../../docs/configuration.md', import.meta.url);
writeFileSync(file, withGeneratedTables(readFileSync(file, 'utf8')));
console.log(`updated ${file.pathname}`);
