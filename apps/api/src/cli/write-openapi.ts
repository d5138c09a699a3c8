import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../reference/openapi-document.js';

/**
 * `pnpm client:generate` (first step): writes the OpenAPI document the API serves to
 * packages/client/openapi.json, the contract snapshot the client's types are generated from.
 * `apps/api/test/openapi.test.ts` fails while the committed snapshot differs from what the API serves.
 */
const target = new URL('../../../../packages/client/openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
