import { readFileSync, writeFileSync } from 'node:fs';
import { renderApiReference } from '../reference/api-reference.js';
import type { OpenApiDocument } from '../reference/api-reference.js';
import { buildOpenApiDocument } from '../reference/openapi-document.js';

/**
 * `pnpm docs:api`: renders the generated blocks of docs/api.md (operations, error codes) from the
 * OpenAPI document of an API built in this process on an in-memory database, and writes the file.
 * `apps/api/test/api-reference.test.ts` fails while the committed file differs from what this writes.
 */
const target = new URL('../../../../docs/api.md', import.meta.url);
const document = (await buildOpenApiDocument()) as unknown as OpenApiDocument;
writeFileSync(target, renderApiReference(readFileSync(target, 'utf8'), document));
process.stdout.write(`wrote ${target.pathname}\n`);
