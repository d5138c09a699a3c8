import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { ICacheAdapter, IWorkerAdapter } from '@bharatmart/core';
import { describeWithBinaries, useTlsRedis } from '@bharatmart/testkit';
import { ConfigError, PORTS, createLogger, loadBackend, loadConfig } from '../src/index.js';

const logger = createLogger({ level: 'silent', name: 'tls-test' });

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.issues.map((issue) => `${issue.variable}: ${issue.message}`);
    throw error;
  }
  return [];
}

/** Creates the configured cache the way startup does; resolves to the adapter or the failure. */
async function startCache(env: Record<string, string>): Promise<ICacheAdapter> {
  const config = loadConfig(env);
  const backend = PORTS.cache.backends.redis;
  const module = await loadBackend(backend, { variable: 'CACHE_TYPE', because: 'CACHE_TYPE=redis' });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the chosen descriptor's own config
  return backend.create(module, config.cache as any, { logger, defaultTtlSeconds: 60 });
}

async function startQueue(env: Record<string, string>): Promise<IWorkerAdapter | undefined> {
  const config = loadConfig(env);
  const backend = PORTS.worker.backends['bull-queue'];
  const module = await loadBackend(backend, { variable: 'WORKER_MODE', because: 'WORKER_MODE=bull-queue' });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the chosen descriptor's own config
  return backend.create(module, config.worker as any, { logger });
}

describe('REDIS_CA_FILE in the configuration', () => {
  it('refuses a CA file with a plaintext redis:// URL, and a file that is not a PEM certificate', () => {
    const notPem = join(process.cwd(), 'package.json');
    expect(
      issuesOf({ CACHE_TYPE: 'redis', CACHE_REDIS_URL: 'redis://cache:6379', REDIS_CA_FILE: notPem }),
    ).toEqual([
      `REDIS_CA_FILE: '${notPem}' is invalid: holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    ]);
    expect(
      issuesOf({
        WORKER_MODE: 'bull-queue',
        QUEUE_REDIS_URL: 'redis://queue:6379',
        REDIS_CA_FILE: '/nonexistent/ca.pem',
      })[0],
    ).toBe("REDIS_CA_FILE: '/nonexistent/ca.pem' is invalid: cannot be read (ENOENT)");
  });
});

describe('MYSQL_CA_FILE and POSTGRES_CA_FILE in the configuration', () => {
  const caFile = join(process.cwd(), 'test/fixtures/test-ca.pem');

  it('refuses an IP address as the MySQL host beside a CA file, and a plaintext-allowing sslmode', () => {
    expect(
      issuesOf({
        DATABASE_TYPE: 'mysql',
        MYSQL_URL: 'mysql://shop@10.0.0.5:3306/shop',
        MYSQL_CA_FILE: caFile,
      }),
    ).toEqual([
      'MYSQL_URL: MYSQL_CA_FILE needs the server\'s host name, not the IP address 10.0.0.5 (the MySQL driver would check the certificate against "localhost")',
    ]);
    expect(
      issuesOf({
        DATABASE_TYPE: 'mysql',
        MYSQL_URL: 'mysql://shop@db.internal:3306/shop',
        MYSQL_CA_FILE: caFile,
      }),
    ).toEqual([]);
    expect(
      issuesOf({
        DATABASE_TYPE: 'postgresql',
        DATABASE_URL: 'postgres://shop@db.internal/shop?sslmode=prefer',
        POSTGRES_CA_FILE: caFile,
      }),
    ).toEqual([
      'DATABASE_URL: sslmode=prefer would allow an unverified or plaintext connection while POSTGRES_CA_FILE is set; remove it or use verify-full',
    ]);
  });
});

describeWithBinaries(['redis-server', 'openssl'], 'redis-server openssl', 'Redis over TLS at startup', () => {
  const redis = useTlsRedis();

  it('refuses a CA file with a redis:// URL instead of connecting in plaintext', () => {
    expect(
      issuesOf({
        CACHE_TYPE: 'redis',
        CACHE_REDIS_URL: `redis://127.0.0.1:${redis().port}`,
        REDIS_CA_FILE: redis().certificates.caFile,
      }),
    ).toEqual([
      'CACHE_REDIS_URL: REDIS_CA_FILE is set, so the URL must be `rediss://` (TLS); refusing plaintext',
    ]);
  });

  it('connects the cache and the queue with the right CA', async () => {
    const cache = await startCache({
      CACHE_TYPE: 'redis',
      CACHE_REDIS_URL: redis().url(),
      REDIS_CA_FILE: redis().certificates.caFile,
    });
    await cache.set('tls', 'ok', 60);
    await expect(cache.get('tls')).resolves.toBe('ok');
    await cache.close();
    const queue = await startQueue({
      WORKER_MODE: 'bull-queue',
      QUEUE_REDIS_URL: redis().url(),
      REDIS_CA_FILE: redis().certificates.caFile,
    });
    expect((await queue?.health())?.status).toBe('up');
    await queue?.close();
  });

  it('stops startup naming the URL and REDIS_CA_FILE when another CA signed the certificate', async () => {
    const env = { REDIS_CA_FILE: redis().certificates.otherCaFile };
    for (const start of [
      () => startCache({ ...env, CACHE_TYPE: 'redis', CACHE_REDIS_URL: redis().url() }),
      () => startQueue({ ...env, WORKER_MODE: 'bull-queue', QUEUE_REDIS_URL: redis().url() }),
    ]) {
      const failure = await start().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as ConfigError).message).toMatch(
        /(CACHE|QUEUE)_REDIS_URL: the TLS certificate of 127\.0\.0\.1:\d+ was refused \(.*certificate.*\): set REDIS_CA_FILE/,
      );
    }
  });

  it('stops startup when the certificate does not name the host, and without any CA file', async () => {
    const wrongHost = await startCache({
      CACHE_TYPE: 'redis',
      CACHE_REDIS_URL: redis().url(redis().certificates.wrongHost),
      REDIS_CA_FILE: redis().certificates.caFile,
    }).catch((error: unknown) => error);
    expect(String(wrongHost)).toMatch(/CACHE_REDIS_URL: .*refused .*(altnames|does not match)/i);
    const systemCas = await startCache({ CACHE_TYPE: 'redis', CACHE_REDIS_URL: redis().url() }).catch(
      (error: unknown) => error,
    );
    expect(systemCas).toBeInstanceOf(ConfigError);
  });
});

describe('an unreachable TLS Redis at startup', () => {
  it('does not stop startup: the cache reports the outage as before', async () => {
    const cache = await startCache({ CACHE_TYPE: 'redis', CACHE_REDIS_URL: 'rediss://127.0.0.1:1' });
    expect((await cache.health()).status).toBe('down');
    await cache.close();
  });
});
