import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
// @ts-expect-error -- the generator is a plain ES module script without type declarations
import { generateSchema } from '../scripts/generate.mjs';

describe('src/schema.ts', () => {
  it('is what openapi-typescript generates from openapi.json', async () => {
    const committed = readFileSync(new URL('../src/schema.ts', import.meta.url), 'utf8');
    // On failure: run `pnpm client:generate` and commit the result.
    expect(committed).toBe(await generateSchema());
  });
});
