import { describe, expect, it } from '@jest/globals';
import { ApiClient, runApp, startApp } from '@bharatmart/testkit';
import { ADMIN, API_ENTRY, testEnv } from './support.js';

describe('startup configuration', () => {
  it('a bad DATABASE_TYPE exits non-zero naming the variable and the allowed values', async () => {
    const { code, output } = await runApp(API_ENTRY, testEnv({ DATABASE_TYPE: 'mongodb' }));
    expect(code).not.toBe(0);
    expect(output).toContain(
      "DATABASE_TYPE: 'mongodb' is not one of: pglite, supabase, postgresql, oci-autonomous, mysql",
    );
    expect(output).not.toContain('Server listening');
  });

  it('Oracle without its user or password stops startup naming the variable', async () => {
    const oracle = { DATABASE_TYPE: 'oci-autonomous', OCI_DB_CONNECTION_STRING: 'bharatmart_high' };
    const withoutUser = await runApp(API_ENTRY, testEnv(oracle));
    expect(withoutUser.code).not.toBe(0);
    expect(withoutUser.output).toContain('OCI_DB_USER: is required when DATABASE_TYPE=oci-autonomous');
    const withoutPassword = await runApp(API_ENTRY, testEnv({ ...oracle, OCI_DB_USER: 'BHARATMART' }));
    expect(withoutPassword.code).not.toBe(0);
    expect(withoutPassword.output).toContain(
      'OCI_DB_PASSWORD: is required for DATABASE_TYPE=oci-autonomous and was found in no secrets provider',
    );
  });

  it('a backend without its required variable names the variable', async () => {
    const { code, output } = await runApp(API_ENTRY, testEnv({ CACHE_TYPE: 'redis' }));
    expect(code).not.toBe(0);
    expect(output).toContain('CACHE_REDIS_URL: is required when CACHE_TYPE=redis');
  });

  it('in production, a database password found in no secrets provider stops startup naming it', async () => {
    const { code, output } = await runApp(
      API_ENTRY,
      testEnv({
        NODE_ENV: 'production',
        DATABASE_TYPE: 'postgresql',
        POSTGRES_HOST: '127.0.0.1',
        POSTGRES_DB: 'bharatmart',
        POSTGRES_USER: 'bharatmart',
      }),
    );
    expect(code).not.toBe(0);
    expect(output).toContain('POSTGRES_PASSWORD: is required for DATABASE_TYPE=postgresql in production');
  });

  it('in production, a process running payment jobs without PAYMENT_GATEWAY_API_KEY stops naming it; one without jobs starts', async () => {
    const { code, output } = await runApp(API_ENTRY, testEnv({ NODE_ENV: 'production' }));
    expect(code).not.toBe(0);
    expect(output).toContain(
      'PAYMENT_GATEWAY_API_KEY: is required in production by processes that run payment jobs',
    );
    const enqueueOnly = await startApp({
      entry: API_ENTRY,
      env: testEnv({ NODE_ENV: 'production', WORKER_MODE: 'none' }),
    });
    expect(await enqueueOnly.stop()).toBe(0);
  });

  it('refuses a JWT_SECRET shorter than 32 bytes', async () => {
    const { code, output } = await runApp(API_ENTRY, testEnv({ JWT_SECRET: 'too-short' }));
    expect(code).not.toBe(0);
    expect(output).toContain('JWT_SECRET: must be at least 32 bytes long');
    expect(output).not.toContain('too-short');
  });

  it('prints the redacted configuration block, then shuts down cleanly on SIGTERM', async () => {
    const app = await startApp({ entry: API_ENTRY, env: testEnv() });
    expect(app.output()).toContain(
      'Deployment configuration:\n   mode: single-vm   database: pglite   workers: in-process   cache: memory   secrets: env',
    );
    expect((await new ApiClient(app.baseUrl).get('/healthz')).status).toBe(200);
    expect(await app.stop('SIGTERM')).toBe(0);
    expect(app.output()).not.toContain('test-jwt-secret');
  });
});

describe('limits', () => {
  it('rate limits registration and login per client with 429 and Retry-After', async () => {
    const app = await startApp({ entry: API_ENTRY, env: testEnv({ AUTH_RATE_LIMIT_MAX: '3' }) });
    try {
      const client = new ApiClient(app.baseUrl);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await client.post('/api/v1/auth/login', { email: 'x@example.in', password: 'whatever1' });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect(last?.body.error.code).toBe('RATE_LIMITED');
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await app.stop();
    }
  });

  it('answers an over-large body with 413', async () => {
    const app = await startApp({ entry: API_ENTRY, env: testEnv({ BODY_LIMIT_BYTES: '2048' }) });
    try {
      const client = new ApiClient(app.baseUrl);
      const response = await client.post('/api/v1/auth/register', {
        email: 'a@b.in',
        password: 'x'.repeat(4000),
        name: 'Big',
      });
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await app.stop();
    }
  });
});

describe('503: a required backend is absent', () => {
  it('retrying a job without any queue (WORKER_MODE=none) is 503, while the rest of the API serves', async () => {
    const app = await startApp({ entry: API_ENTRY, env: testEnv({ WORKER_MODE: 'none' }) });
    try {
      const client = new ApiClient(app.baseUrl);
      const login = await client.post('/api/v1/auth/login', ADMIN);
      const response = await client.post('/api/v1/admin/jobs/some-job/retry', undefined, {
        token: login.body.token,
      });
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('UNAVAILABLE');
      expect((await client.get('/api/v1/products')).status).toBe(200);
      const jobs = await client.get('/api/v1/admin/jobs', { token: login.body.token });
      expect(jobs.body).toEqual({ mode: 'none', queues: {}, failed: [] });
    } finally {
      await app.stop();
    }
  });
});
