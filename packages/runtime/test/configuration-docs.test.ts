import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CHOICES, SECRETS, VARIABLES, withGeneratedTables } from '../src/index.js';

const docs = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
const rows = new Map(
  [...docs.matchAll(/^\|\s*`([A-Z0-9_]+)`\s*\|.*$/gm)].map((match) => [match[1] ?? '', match[0]]),
);

describe('docs/configuration.md matches the descriptors', () => {
  it('is what `pnpm docs:config` generates from them', () => {
    expect(docs).toBe(withGeneratedTables(docs));
  });

  it('documents every variable the schema parses and every secret, and nothing else', () => {
    const expected = [...Object.keys(VARIABLES), ...SECRETS.map((secret) => secret.name)].sort();
    expect([...rows.keys()].sort()).toEqual(expected);
  });

  it('lists the allowed values of every choice variable in its row', () => {
    for (const [variable, values] of Object.entries(CHOICES)) {
      const row = rows.get(variable) ?? '';
      for (const value of values) expect(`${variable}: ${row}`).toContain(value);
    }
  });
});
