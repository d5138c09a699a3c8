import type { StoreSettings } from '@bharatmart/core';
import type { EnvVariables } from './env-schema.js';

/** Pool size and time limits shared by the networked SQL backends. */
export interface DatabasePoolConfig {
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** Where the database lives; one member per DATABASE_TYPE. */
export type DatabaseConfig =
  | { type: 'pglite'; dataDir: string }
  | ({
      type: 'postgresql';
      url?: string;
      host?: string;
      port: number;
      database?: string;
      user?: string;
      ssl: boolean;
    } & DatabasePoolConfig)
  | { type: 'supabase'; url: string; dbUrl?: string }
  | ({
      type: 'oci-autonomous';
      connectionString: string;
      user: string;
      walletDir?: string;
    } & DatabasePoolConfig)
  | ({
      type: 'mysql';
      url?: string;
      host?: string;
      port: number;
      database?: string;
      user?: string;
    } & DatabasePoolConfig);

export type WorkerConfig =
  | { mode: 'in-process'; concurrency: number }
  | { mode: 'bull-queue'; concurrency: number; redisUrl: string; prefix: string; jobLockMs: number }
  | {
      mode: 'oci-queue';
      concurrency: number;
      queueOcid: string;
      endpoint: string;
      configFile?: string;
      profile?: string;
    }
  | { mode: 'sqs'; concurrency: number; queueUrl: string; region: string }
  | { mode: 'none'; concurrency: number };

/** Settings every networked cache shares. */
export interface CacheNetworkConfig {
  /** Prepended to every key, so deployments can share one cache server. */
  keyPrefix: string;
  /** A cache command slower than this fails (and the read goes to the database). */
  commandTimeoutMs: number;
}

export type CacheConfig =
  | { type: 'memory'; defaultTtlSeconds: number }
  | ({ type: 'redis' | 'oci-cache'; url: string; defaultTtlSeconds: number } & CacheNetworkConfig)
  | ({ type: 'memcached'; servers: string; defaultTtlSeconds: number } & CacheNetworkConfig);

/** One secrets backend; `SecretsConfig` is the primary plus an optional fallback asked second. */
export type SecretsSource =
  | { provider: 'env' }
  | { provider: 'file'; dir: string }
  | {
      provider: 'oci-vault';
      vaultOcid: string;
      configFile?: string;
      profile?: string;
      instancePrincipal: boolean;
    }
  | { provider: 'aws-secrets-manager'; region: string; prefix?: string; jsonSecretId?: string }
  | { provider: 'azure-key-vault'; vaultUrl: string };

export type SecretsConfig = SecretsSource & { cacheTtlSeconds: number; fallback?: SecretsSource };

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
  email: { transport: EnvVariables['EMAIL_TRANSPORT'] };
  payment: { gateway: EnvVariables['PAYMENT_GATEWAY']; declineAbove: number; latencyMs: number };
  store: Omit<StoreSettings, 'adminEmail'>;
}
