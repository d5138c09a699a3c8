import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** DejaVu Sans (regular and bold) from @fontsource/dejavu-sans: Latin, the ₹ sign, no Indic scripts. */
export const FONT_FILES = {
  regular: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
  bold: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
} as const;

let loaded: { regular: Buffer; bold: Buffer } | undefined;

/** The font files' bytes, read once per process; throws if the package is missing. */
export function invoiceFonts(): { regular: Buffer; bold: Buffer } {
  loaded ??= {
    regular: readFileSync(require.resolve(FONT_FILES.regular)),
    bold: readFileSync(require.resolve(FONT_FILES.bold)),
  };
  return loaded;
}
