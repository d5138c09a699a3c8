import { createLogger, createContainer, loadConfig } from '../src/index.js';
import type { Container, ProcessRole } from '../src/index.js';

/** A quiet logger for tests; raise LOG_LEVEL to see what the services log. */
export const testLogger = createLogger({ level: 'silent', name: 'test' });

/** The embedded defaults with an in-memory database, overridable per test. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PGLITE_DATA_DIR: 'memory://',
    JWT_SECRET: 'runtime-test-secret-that-is-at-least-32-bytes',
    ADMIN_EMAIL: 'admin@runtime.test',
    ADMIN_PASSWORD: 'runtime-admin-password',
    ...extra,
  };
}

/** Composes a container exactly as the apps do, on the given environment. */
export async function testContainer(
  extra: Record<string, string> = {},
  role: ProcessRole = 'api',
): Promise<Container> {
  const env = testEnv(extra);
  return createContainer(loadConfig(env), { env, logger: testLogger, role });
}
