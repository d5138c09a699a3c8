import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { renderApiReference } from '../src/reference/api-reference.js';
import type { OpenApiDocument } from '../src/reference/api-reference.js';
import { startTestApi } from './support.js';
import type { TestApi } from './support.js';

const docsFile = new URL('../../../docs/api.md', import.meta.url);

/** Markdown with table padding and separator widths (which prettier chooses) made uniform. */
function normalised(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => cell.trim().replace(/^-{3,}$/, '---'))
            .join('|')
        : line.trimEnd(),
    )
    .filter((line) => line !== '')
    .join('\n');
}

describe('docs/api.md', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.app.stop());

  it('lists exactly the operations and statuses of the OpenAPI document the API serves, and every error code', async () => {
    const served = await api.client.get('/docs/json');
    expect(served.status).toBe(200);
    const committed = readFileSync(docsFile, 'utf8');
    const expected = renderApiReference(committed, served.body as OpenApiDocument);
    // On failure: run `pnpm docs:api` and commit docs/api.md.
    expect(normalised(committed)).toBe(normalised(expected));
  });

  it('documents the pending-order cap on placing an order', () => {
    const committed = normalised(readFileSync(docsFile, 'utf8'));
    expect(committed).toContain('|`TOO_MANY_PENDING_ORDERS`|409|');
    expect(committed).toMatch(/\|`POST \/api\/v1\/orders\/?`\|[^\n]*\|201, 400, 401, 404, 409, 422, 503\|/);
  });
});
