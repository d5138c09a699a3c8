import { connect } from 'node:net';
import { describe, it } from '@jest/globals';

/** The machine services suites may need, with where tests look for them (override per variable). */
export const TEST_SERVICES = {
  postgres: {
    host: '127.0.0.1',
    port: 5432,
    env: 'TEST_POSTGRES_URL',
    url: 'postgres://postgres@127.0.0.1:5432/postgres',
  },
  mariadb: { host: '127.0.0.1', port: 3306, env: 'TEST_MYSQL_URL', url: 'mysql://root@127.0.0.1:3306/test' },
  redis: { host: '127.0.0.1', port: 6379, env: 'TEST_REDIS_URL', url: 'redis://127.0.0.1:6379' },
  memcached: { host: '127.0.0.1', port: 11211, env: 'TEST_MEMCACHED_SERVERS', url: '127.0.0.1:11211' },
} as const;

export type TestService = keyof typeof TEST_SERVICES;

/** The address tests use for `service`: its TEST_* variable if set, else the machine default. */
export function serviceUrl(service: TestService): string {
  const entry = TEST_SERVICES[service];
  return process.env[entry.env] ?? entry.url;
}

/** True when something accepts TCP connections at host:port within `timeoutMs`. */
export function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function hostAndPort(service: TestService): { host: string; port: number } {
  const fallback = TEST_SERVICES[service];
  const url = serviceUrl(service);
  try {
    const parsed = new URL(url.includes('://') ? url : `tcp://${url.split(',')[0]}`);
    return { host: parsed.hostname || fallback.host, port: Number(parsed.port) || fallback.port };
  } catch {
    return fallback;
  }
}

/**
 * Declares `body` as a describe block when every service named is reachable. Without one, a
 * developer's run skips the block with a message saying what to start; under CI=true the block fails
 * instead, so a missing service can never pass silently. Call with top-level await in the test file.
 */
export async function describeWithService(
  services: TestService | TestService[],
  title: string,
  body: () => void,
): Promise<void> {
  const missing: string[] = [];
  for (const service of Array.isArray(services) ? services : [services]) {
    const { host, port } = hostAndPort(service);
    if (!(await tcpReachable(host, port))) {
      missing.push(
        `${service} is not reachable at ${host}:${port} (set ${TEST_SERVICES[service].env} or start it; .ci/run starts it)`,
      );
    }
  }
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const reason = missing.join('; ');
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('needs its services', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  process.stderr.write(`\n  SKIPPED "${title}": ${reason}\n`);
  describe.skip(title, body);
}
