import { readFileSync, writeFileSync } from 'node:fs';
import { createContainer, createLogger, loadConfig } from '@bharatmart/runtime';
import { buildApp } from '../app.js';
import { renderApiReference } from '../reference/api-reference.js';
import type { OpenApiDocument } from '../reference/api-reference.js';

/**
 * `pnpm docs:api`: renders the generated blocks of docs/api.md (operations, error codes) from the
 * OpenAPI document of an API built in this process on an in-memory database, and writes the file.
 * `apps/api/test/api-reference.test.ts` fails while the committed file differs from what this writes.
 */
const target = new URL('../../../../docs/api.md', import.meta.url);
const env = { NODE_ENV: 'test', PGLITE_DATA_DIR: 'memory://', SEED_DEMO_DATA: 'false', LOG_LEVEL: 'silent' };
const config = loadConfig(env);
const logger = createLogger({ level: 'silent', name: 'api-reference' });
const container = await createContainer(config, { env, logger, role: 'api' });
try {
  const app = await buildApp(container);
  await app.ready();
  const document = app.swagger() as unknown as OpenApiDocument;
  await app.close();
  writeFileSync(target, renderApiReference(readFileSync(target, 'utf8'), document));
  process.stdout.write(`wrote ${target.pathname}\n`);
} finally {
  await container.close(1000);
}
