import { createContainer, createLogger, loadConfig } from '@bharatmart/runtime';
import { buildApp } from '../app.js';

/**
 * The OpenAPI document the API serves at `GET /docs/json`, from an API built in this process on an
 * in-memory database (nothing listens). For the CLIs that write what is generated from it.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const env = {
    NODE_ENV: 'test',
    PGLITE_DATA_DIR: 'memory://',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
  };
  const logger = createLogger({ level: 'silent', name: 'openapi-document' });
  const container = await createContainer(loadConfig(env), { env, logger, role: 'api' });
  try {
    const app = await buildApp(container);
    await app.ready();
    const document = app.swagger() as unknown as Record<string, unknown>;
    await app.close();
    return document;
  } finally {
    await container.close(1000);
  }
}
