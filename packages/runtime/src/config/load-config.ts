import type { z } from 'zod';
import type {
  AppConfig,
  CacheConfig,
  DatabaseConfig,
  DatabasePoolConfig,
  SecretsConfig,
  SecretsSource,
  WorkerConfig,
} from './app-config.js';
import { ConfigError } from './config-error.js';
import type { ConfigIssue } from './config-error.js';
import { envSchema } from './env-schema.js';
import type { EnvVariables } from './env-schema.js';

/**
 * Parses the environment once into an AppConfig. Every bad value and every variable a chosen backend
 * requires but lacks is reported together in one ConfigError naming the variables, values and allowed
 * values. Unknown variables are ignored.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const given = withoutBlanks(env);
  const parsed = envSchema.safeParse(given);
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => describeIssue(issue, env));
  // With the bad values set aside (defaults in their place), the checks below still run, so one
  // message lists every problem of the environment.
  const vars = parsed.success ? parsed.data : envSchema.parse(withoutVariables(given, issues));
  const need = (variable: keyof EnvVariables, because: string): string => {
    const value = vars[variable];
    if (typeof value === 'string') return value;
    issues.push({ variable, message: `is required when ${because}` });
    return '';
  };
  const database = databaseConfig(vars.DATABASE_TYPE, vars, need, 'DATABASE_TYPE');
  const databaseFallback =
    vars.DATABASE_FALLBACK_TYPE === 'none'
      ? undefined
      : databaseConfig(vars.DATABASE_FALLBACK_TYPE, vars, need, 'DATABASE_FALLBACK_TYPE');
  const config: AppConfig = {
    env: vars.NODE_ENV,
    mode: vars.DEPLOYMENT_MODE,
    logLevel: vars.LOG_LEVEL,
    http: {
      host: vars.HOST,
      port: vars.PORT,
      trustProxy: parseTrustProxy(vars.TRUST_PROXY),
      bodyLimitBytes: vars.BODY_LIMIT_BYTES,
      shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    },
    database,
    ...(databaseFallback ? { databaseFallback } : {}),
    seedDemoData: vars.SEED_DEMO_DATA,
    worker: workerConfig(vars, need),
    workerHealthPort: vars.WORKER_HEALTH_PORT,
    healthCheckIntervalSeconds: vars.HEALTH_CHECK_INTERVAL_SECONDS,
    scheduleIntervalSeconds: vars.SCHEDULE_INTERVAL_SECONDS,
    retention: {
      outboxDays: vars.OUTBOX_RETENTION_DAYS,
      idempotencyKeyHours: vars.IDEMPOTENCY_KEY_RETENTION_HOURS,
    },
    cache: cacheConfig(vars, need),
    secrets: secretsConfig(vars, need),
    auth: {
      issuer: vars.JWT_ISSUER,
      audience: vars.JWT_AUDIENCE,
      tokenTtlSeconds: vars.JWT_TTL_SECONDS,
      rateLimitMax: vars.AUTH_RATE_LIMIT_MAX,
      rateLimitWindowSeconds: vars.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    },
    email: { transport: vars.EMAIL_TRANSPORT },
    payment: {
      gateway: vars.PAYMENT_GATEWAY,
      declineAbove: vars.PAYMENT_SIMULATED_DECLINE_ABOVE,
      latencyMs: vars.PAYMENT_SIMULATED_LATENCY_MS,
    },
    store: {
      currency: 'INR',
      maxQuantityPerItem: vars.ORDER_MAX_QUANTITY_PER_ITEM,
      maxItemsPerOrder: vars.ORDER_MAX_ITEMS,
      maxPendingOrdersPerCustomer: vars.ORDER_MAX_PENDING_PER_CUSTOMER,
      lowStockThreshold: vars.LOW_STOCK_THRESHOLD,
      productCacheTtlSeconds: vars.CACHE_DEFAULT_TTL_SECONDS,
      listCacheTtlSeconds: vars.CACHE_LIST_TTL_SECONDS,
      maxPageSize: vars.MAX_PAGE_SIZE,
      paymentVerifyDelaySeconds: vars.PAYMENT_VERIFY_DELAY_SECONDS,
      orderPaymentTimeoutMinutes: vars.ORDER_PAYMENT_TIMEOUT_MINUTES,
    },
  };
  if (config.secrets.fallback?.provider === config.secrets.provider) {
    issues.push({ variable: 'SECRETS_FALLBACK', message: 'must differ from SECRETS_PROVIDER' });
  }
  if (database.type === databaseFallback?.type) {
    issues.push({ variable: 'DATABASE_FALLBACK_TYPE', message: 'must differ from DATABASE_TYPE' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}

type Need = (variable: keyof EnvVariables, because: string) => string;

function databaseConfig(
  type: DatabaseConfig['type'],
  vars: EnvVariables,
  need: Need,
  by: string,
): DatabaseConfig {
  const because = `${by}=${type}`;
  switch (type) {
    case 'pglite':
      return { type, dataDir: vars.PGLITE_DATA_DIR };
    case 'postgresql':
      if (!vars.DATABASE_URL) {
        for (const part of ['POSTGRES_HOST', 'POSTGRES_DB', 'POSTGRES_USER'] as const)
          need(part, `${because} and DATABASE_URL is not set`);
      }
      return compact({
        type,
        url: vars.DATABASE_URL,
        host: vars.POSTGRES_HOST,
        port: vars.POSTGRES_PORT,
        database: vars.POSTGRES_DB,
        user: vars.POSTGRES_USER,
        ssl: vars.POSTGRES_SSL,
        ...pool(vars),
      });
    case 'supabase':
      return compact({ type, url: need('SUPABASE_URL', because), dbUrl: vars.SUPABASE_DB_URL });
    case 'oci-autonomous':
      return compact({
        type,
        connectionString: need('OCI_DB_CONNECTION_STRING', because),
        user: need('OCI_DB_USER', because),
        walletDir: vars.OCI_DB_WALLET_DIR,
        ...pool(vars),
      });
    case 'mysql':
      if (!vars.MYSQL_URL) {
        for (const part of ['MYSQL_HOST', 'MYSQL_DATABASE', 'MYSQL_USER'] as const)
          need(part, `${because} and MYSQL_URL is not set`);
      }
      return compact({
        type,
        url: vars.MYSQL_URL,
        host: vars.MYSQL_HOST,
        port: vars.MYSQL_PORT,
        database: vars.MYSQL_DATABASE,
        user: vars.MYSQL_USER,
        ...pool(vars),
      });
  }
}

function pool(vars: EnvVariables): DatabasePoolConfig {
  return {
    poolMax: vars.DATABASE_POOL_MAX,
    connectTimeoutMs: vars.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: vars.DATABASE_STATEMENT_TIMEOUT_MS,
  };
}

function workerConfig(vars: EnvVariables, need: Need): WorkerConfig {
  const concurrency = vars.WORKER_CONCURRENCY;
  const because = `WORKER_MODE=${vars.WORKER_MODE}`;
  switch (vars.WORKER_MODE) {
    case 'in-process':
    case 'none':
      return { mode: vars.WORKER_MODE, concurrency };
    case 'bull-queue':
      return {
        mode: 'bull-queue',
        concurrency,
        redisUrl: need('QUEUE_REDIS_URL', because),
        prefix: vars.QUEUE_PREFIX,
        jobLockMs: vars.QUEUE_JOB_LOCK_MS,
      };
    case 'oci-queue':
      if (vars.OCI_AUTH === 'instance-principal') {
        need(
          'OCI_CONFIG_FILE',
          'WORKER_MODE=oci-queue (the queue adapter authenticates with a config file only)',
        );
      }
      return compact({
        mode: 'oci-queue',
        concurrency,
        queueOcid: need('OCI_QUEUE_OCID', because),
        endpoint: need('OCI_QUEUE_ENDPOINT', because),
        configFile: vars.OCI_CONFIG_FILE,
        profile: vars.OCI_PROFILE,
      });
    case 'sqs':
      return {
        mode: 'sqs',
        concurrency,
        queueUrl: need('SQS_QUEUE_URL', because),
        region: need('AWS_REGION', because),
      };
  }
}

function cacheConfig(vars: EnvVariables, need: Need): CacheConfig {
  const defaultTtlSeconds = vars.CACHE_DEFAULT_TTL_SECONDS;
  const because = `CACHE_TYPE=${vars.CACHE_TYPE}`;
  const network = { keyPrefix: vars.CACHE_KEY_PREFIX, commandTimeoutMs: vars.CACHE_COMMAND_TIMEOUT_MS };
  switch (vars.CACHE_TYPE) {
    case 'memory':
      return { type: 'memory', defaultTtlSeconds };
    case 'redis':
    case 'oci-cache':
      return { type: vars.CACHE_TYPE, url: need('CACHE_REDIS_URL', because), defaultTtlSeconds, ...network };
    case 'memcached':
      return {
        type: 'memcached',
        servers: need('MEMCACHED_SERVERS', because),
        defaultTtlSeconds,
        ...network,
      };
  }
}

function secretsConfig(vars: EnvVariables, need: Need): SecretsConfig {
  const primary = secretsSource(vars.SECRETS_PROVIDER, vars, need, 'SECRETS_PROVIDER');
  const fallback =
    vars.SECRETS_FALLBACK === 'none'
      ? undefined
      : secretsSource(vars.SECRETS_FALLBACK, vars, need, 'SECRETS_FALLBACK');
  return { ...primary, cacheTtlSeconds: vars.SECRETS_CACHE_TTL_SECONDS, ...(fallback ? { fallback } : {}) };
}

function secretsSource(
  provider: SecretsSource['provider'],
  vars: EnvVariables,
  need: Need,
  by: string,
): SecretsSource {
  const because = `${by}=${provider}`;
  switch (provider) {
    case 'env':
      return { provider };
    case 'file':
      return { provider, dir: vars.SECRETS_DIR };
    case 'oci-vault':
      return compact({
        provider,
        vaultOcid: need('OCI_VAULT_OCID', because),
        configFile: vars.OCI_CONFIG_FILE,
        profile: vars.OCI_PROFILE,
        instancePrincipal: vars.OCI_AUTH === 'instance-principal',
      });
    case 'aws-secrets-manager':
      return compact({
        provider,
        region: need('AWS_REGION', because),
        prefix: vars.SECRETS_PREFIX,
        jsonSecretId: vars.AWS_SECRETS_JSON_ID,
      });
    case 'azure-key-vault':
      return { provider, vaultUrl: need('AZURE_KEY_VAULT_URL', because) };
  }
}

function parseTrustProxy(value: string): boolean | string[] {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function withoutVariables(env: Record<string, string>, issues: ConfigIssue[]): Record<string, string> {
  const bad = new Set(issues.map((issue) => issue.variable));
  return Object.fromEntries(Object.entries(env).filter(([name]) => !bad.has(name)));
}

/** Treats `VAR=` like an unset variable, as shells and env files mean it. */
function withoutBlanks(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '',
    ),
  );
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): ConfigIssue {
  const variable = String(issue.path[0] ?? '(environment)');
  const value = env[variable];
  if (issue.code === 'invalid_value') {
    return { variable, message: `'${value}' is not one of: ${issue.values.map(String).join(', ')}` };
  }
  return { variable, message: `'${value}' is invalid: ${issue.message}` };
}
