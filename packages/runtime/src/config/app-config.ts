import type { StoreSettings } from '@bharatmart/core';
import type { CACHE_BACKENDS } from '../backends/cache/index.js';
import type { DATABASE_BACKENDS } from '../backends/database/index.js';
import type { EMAIL_BACKENDS } from '../backends/email/index.js';
import type { PAYMENT_BACKENDS } from '../backends/payments/index.js';
import type { SECRETS_BACKENDS } from '../backends/secrets/index.js';
import type { WORKER_BACKENDS } from '../backends/worker/index.js';
import type { EnvVariables } from './env-schema.js';
import type { TracingConfig } from './tracing-config.js';

/** The configuration each registry's descriptors build, one member per backend name. */
type BuiltBy<R> = {
  [K in keyof R]: R[K] extends { resolve(...args: never[]): infer C } ? C : never;
}[keyof R];

export type { DatabasePoolConfig } from '../backends/database/pool-variables.js';

/** Where the database lives; one member per DATABASE_TYPE, as its descriptor builds it. */
export type DatabaseConfig = BuiltBy<typeof DATABASE_BACKENDS>;

/** The queue's own settings, one member per WORKER_MODE, as its descriptor builds them. */
export type WorkerBackendConfig = BuiltBy<typeof WORKER_BACKENDS>;

/** The queue, with the handlers' concurrency. */
export type WorkerConfig = WorkerBackendConfig & { concurrency: number };

/** The cache's own settings, one member per CACHE_TYPE, as its descriptor builds them. */
export type CacheBackendConfig = BuiltBy<typeof CACHE_BACKENDS>;

/** The cache, with the TTL of writes that give none. */
export type CacheConfig = CacheBackendConfig & { defaultTtlSeconds: number };

/** One secrets backend; `SecretsConfig` is the primary plus an optional fallback asked second. */
export type SecretsSource = BuiltBy<typeof SECRETS_BACKENDS>;

export type SecretsConfig = SecretsSource & { cacheTtlSeconds: number; fallback?: SecretsSource };

/** The payment gateway, one member per PAYMENT_PROVIDER; `checkout`: the customer pays at the provider's checkout. */
export type PaymentConfig = BuiltBy<typeof PAYMENT_BACKENDS>;

/** The email transport, one member per EMAIL_TRANSPORT. */
export type EmailConfig = BuiltBy<typeof EMAIL_BACKENDS>;

/**
 * Where an AppConfig keeps the values of its credential-bearing variables (as descriptors declare
 * them), so every printout masks them whatever field they ended up in. A symbol: JSON never shows it.
 */
export const CREDENTIALS = Symbol('credential values');

/** The resolved configuration both apps run on; built once from the environment by `loadConfig`. */
export interface AppConfig {
  env: EnvVariables['NODE_ENV'];
  mode: EnvVariables['DEPLOYMENT_MODE'];
  logLevel: EnvVariables['LOG_LEVEL'];
  http: {
    host: string;
    port: number;
    trustProxy: boolean | string[];
    bodyLimitBytes: number;
    shutdownTimeoutMs: number;
  };
  /** OpenTelemetry tracing, from the OTEL_* variables. */
  tracing: TracingConfig;
  database: DatabaseConfig;
  databaseFallback?: DatabaseConfig;
  seedDemoData: boolean;
  worker: WorkerConfig;
  /** Port of a standalone worker's health endpoints; 0 = none. */
  workerHealthPort: number;
  /** Seconds between health checks of the adapters; /readyz and /metrics serve the last one. */
  healthCheckIntervalSeconds: number;
  /** Seconds between runs of the scheduled jobs (order expiry, payment verification sweep). */
  scheduleIntervalSeconds: number;
  /** How long records kept only for deduplication live before the pruning job deletes them. */
  retention: { outboxDays: number; idempotencyKeyHours: number };
  cache: CacheConfig;
  secrets: SecretsConfig;
  auth: {
    issuer: string;
    audience: string;
    tokenTtlSeconds: number;
    rateLimitMax: number;
    rateLimitWindowSeconds: number;
  };
  email: EmailConfig;
  payment: PaymentConfig;
  store: Omit<StoreSettings, 'adminEmail'>;
  /** ADMIN_EMAIL from the environment; the secrets provider's ADMIN_EMAIL wins when it holds one. */
  adminEmail?: string;
  /** The values of every set credential-bearing variable; see `redactedConfig`. */
  readonly [CREDENTIALS]: readonly string[];
}
