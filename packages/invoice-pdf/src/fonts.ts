import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { woffToSfnt } from './woff-to-sfnt.js';

const require = createRequire(import.meta.url);

/** DejaVu Sans (regular and bold) from @fontsource/dejavu-sans: Latin, the ₹ sign, no Indic scripts. */
export const FONT_FILES = {
  regular: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
  bold: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
} as const;

let loaded: { regular: Buffer; bold: Buffer } | undefined;

/** The fonts as plain TrueType, read and unpacked once per process; throws if the package is missing. */
export function invoiceFonts(): { regular: Buffer; bold: Buffer } {
  loaded ??= {
    regular: woffToSfnt(readFileSync(require.resolve(FONT_FILES.regular))),
    bold: woffToSfnt(readFileSync(require.resolve(FONT_FILES.bold))),
  };
  return loaded;
}
