import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import pg from 'pg';
import { onCleanup } from '../core/cleanup.js';
import { seedPgliteDir } from '../core/pglite-dir.js';
import { seedProducts, type Execute } from '../core/seed.js';
import { freshPostgresDatabase } from '../core/services.js';

/** A seeded database for one HTTP comparison: how the API and the bare server reach it. */
export interface Fixture {
  apiEnv: Record<string, string>;
  bareEnv: Record<string, string>;
  productIds: string[];
}

/** The API's environment on the embedded defaults, except the database and no job runner. */
export const API_BASE_ENV: Record<string, string> = {
  NODE_ENV: 'development',
  LOG_LEVEL: 'info',
  SEED_DEMO_DATA: 'false',
  WORKER_MODE: 'none',
  // Without a job runner every order stays pending; the per-customer cap would refuse all but the first 10.
  ORDER_MAX_PENDING_PER_CUSTOMER: '0',
  CACHE_TYPE: 'memory',
  SECRETS_PROVIDER: 'env',
  JWT_SECRET: 'bench-only-jwt-secret-0123456789abcdef0123456789',
  ADMIN_EMAIL: 'admin@bench.local',
  ADMIN_PASSWORD: 'bench-admin-password',
};

async function seedAll(execute: Execute, products: number, userId: string): Promise<string[]> {
  const ids = await seedProducts(execute, products, 'pg');
  const now = new Date().toISOString();
  await execute(
    `insert into users (id, email, email_normalized, name, password_hash, role, created_at) values ($1, $2, $2, 'Bare', 'x', 'customer', $3)`,
    [userId, `bare-${userId}@bench.local`, now],
  );
  return ids;
}

/** PGlite: migrated and seeded once, then copied so the API and the bare server each open their own. */
export async function pgliteFixture(products: number): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'bharatmart-bench-http-'));
  onCleanup('http pglite dirs', () => rm(dir, { recursive: true, force: true }));
  const apiDir = join(dir, 'api');
  const userId = randomUUID();
  const productIds = await seedPgliteDir(apiDir, (execute) => seedAll(execute, products, userId));
  await cp(apiDir, join(dir, 'bare'), { recursive: true });
  return {
    apiEnv: { ...API_BASE_ENV, DATABASE_TYPE: 'pglite', PGLITE_DATA_DIR: apiDir },
    bareEnv: { BARE_DB: 'pglite', BARE_PGLITE_DIR: join(dir, 'bare'), BARE_USER_ID: userId },
    productIds,
  };
}

/** PostgreSQL: one fresh database that both servers use, each with a pool of 10. */
export async function postgresFixture(products: number, label: string): Promise<Fixture> {
  const url = await freshPostgresDatabase(label);
  const migrator = createPostgresDatabase({ connectionString: url });
  await migrator.migrations.latest();
  await migrator.close();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const userId = randomUUID();
  try {
    const productIds = await seedAll((sql, params) => pool.query(sql, params), products, userId);
    await pool.query('analyze');
    return {
      apiEnv: { ...API_BASE_ENV, DATABASE_TYPE: 'postgresql', DATABASE_URL: url },
      bareEnv: { BARE_DB: 'postgresql', BARE_DATABASE_URL: url, BARE_USER_ID: userId },
      productIds,
    };
  } finally {
    await pool.end();
  }
}

/** Registers a customer on the API and returns its bearer token. */
export async function customerToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${randomUUID()}@bench.local`,
      password: 'bench password',
      name: 'Bench',
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token)
    throw new Error(`register failed: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}
