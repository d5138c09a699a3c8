import { z } from 'zod';

/** The values each choice variable accepts, default first. */
export const CHOICES = {
  DEPLOYMENT_MODE: ['single-vm', 'multi-tier', 'kubernetes'],
  DATABASE_TYPE: ['pglite', 'supabase', 'postgresql', 'oci-autonomous', 'mysql'],
  DATABASE_FALLBACK_TYPE: ['none', 'supabase', 'postgresql', 'oci-autonomous', 'mysql'],
  WORKER_MODE: ['in-process', 'bull-queue', 'oci-queue', 'sqs', 'none'],
  CACHE_TYPE: ['memory', 'redis', 'oci-cache', 'memcached'],
  SECRETS_PROVIDER: ['env', 'file', 'oci-vault', 'aws-secrets-manager', 'azure-key-vault'],
  SECRETS_FALLBACK: ['none', 'env', 'file', 'oci-vault', 'aws-secrets-manager', 'azure-key-vault'],
  OCI_AUTH: ['config-file', 'instance-principal'],
  LOG_LEVEL: ['info', 'debug', 'warn', 'error', 'fatal', 'trace', 'silent'],
  EMAIL_TRANSPORT: ['log'],
  PAYMENT_GATEWAY: ['simulated'],
} as const;

const choice = <K extends keyof typeof CHOICES>(name: K) =>
  z.enum(CHOICES[name]).default(CHOICES[name][0] as never);
const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const text = () => z.string().trim().min(1).optional();
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => ['true', '1', 'yes'].includes(value));

/**
 * Every environment variable BharatMart reads, with its default. This is the only place any of them is
 * parsed. Secret values (JWT_SECRET, ADMIN_PASSWORD, database passwords, the payment gateway key) are
 * not here: they are read by name through the configured secrets provider (see SECRET_NAMES). Redis
 * passwords travel inside QUEUE_REDIS_URL / CACHE_REDIS_URL, which every printout redacts.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: choice('LOG_LEVEL'),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PORT: int(3000, 0, 65535),
  /** Trust X-Forwarded-* only from these proxies: `false`, `true`, or a comma-separated list of addresses/CIDRs. */
  TRUST_PROXY: z.string().trim().default('false'),
  BODY_LIMIT_BYTES: int(1_048_576, 1024, 104_857_600),
  SHUTDOWN_TIMEOUT_MS: int(25_000, 0, 600_000),
  HEALTH_CHECK_INTERVAL_SECONDS: int(5, 1, 3600),

  DEPLOYMENT_MODE: choice('DEPLOYMENT_MODE'),
  DATABASE_TYPE: choice('DATABASE_TYPE'),
  DATABASE_FALLBACK_TYPE: choice('DATABASE_FALLBACK_TYPE'),
  PGLITE_DATA_DIR: z.string().trim().min(1).default('./.data/pglite'),
  DATABASE_URL: text(),
  POSTGRES_HOST: text(),
  POSTGRES_PORT: int(5432, 1, 65535),
  POSTGRES_DB: text(),
  POSTGRES_USER: text(),
  POSTGRES_SSL: flag(false),
  SUPABASE_URL: z.url().optional(),
  SUPABASE_DB_URL: text(),
  OCI_DB_CONNECTION_STRING: text(),
  OCI_DB_USER: text(),
  OCI_DB_WALLET_DIR: text(),
  MYSQL_URL: text(),
  MYSQL_HOST: text(),
  MYSQL_PORT: int(3306, 1, 65535),
  MYSQL_DATABASE: text(),
  MYSQL_USER: text(),
  SEED_DEMO_DATA: flag(true),
  DATABASE_POOL_MAX: int(10, 1, 1000),
  DATABASE_CONNECT_TIMEOUT_MS: int(5000, 100, 600_000),
  DATABASE_STATEMENT_TIMEOUT_MS: int(10_000, 100, 3_600_000),

  WORKER_MODE: choice('WORKER_MODE'),
  WORKER_CONCURRENCY: int(5, 1, 256),
  WORKER_HEALTH_PORT: int(0, 0, 65535),
  QUEUE_REDIS_URL: text(),
  /** bull-queue: how long a worker's lock on a running job lasts; a dead worker's jobs return after it. */
  QUEUE_JOB_LOCK_MS: int(30_000, 1000, 600_000),
  QUEUE_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default('bharatmart'),
  OCI_QUEUE_OCID: text(),
  OCI_QUEUE_ENDPOINT: text(),
  SQS_QUEUE_URL: text(),
  AWS_REGION: text(),

  CACHE_TYPE: choice('CACHE_TYPE'),
  CACHE_REDIS_URL: text(),
  MEMCACHED_SERVERS: text(),
  CACHE_DEFAULT_TTL_SECONDS: int(300, 1, 86_400),
  CACHE_LIST_TTL_SECONDS: int(30, 1, 86_400),
  CACHE_KEY_PREFIX: z.string().trim().min(1).max(100).default('bharatmart:'),
  CACHE_COMMAND_TIMEOUT_MS: int(500, 10, 60_000),

  SECRETS_PROVIDER: choice('SECRETS_PROVIDER'),
  SECRETS_FALLBACK: choice('SECRETS_FALLBACK'),
  SECRETS_CACHE_TTL_SECONDS: int(300, 1, 86_400),
  SECRETS_DIR: z.string().trim().min(1).default('/run/secrets'),
  OCI_VAULT_OCID: text(),
  OCI_CONFIG_FILE: text(),
  OCI_PROFILE: text(),
  OCI_AUTH: choice('OCI_AUTH'),
  SECRETS_PREFIX: text(),
  AWS_SECRETS_JSON_ID: text(),
  AZURE_KEY_VAULT_URL: text(),

  JWT_ISSUER: z.string().trim().min(1).default('bharatmart'),
  JWT_AUDIENCE: z.string().trim().min(1).default('bharatmart-api'),
  JWT_TTL_SECONDS: int(3600, 60, 2_592_000),
  AUTH_RATE_LIMIT_MAX: int(10, 1, 100_000),
  AUTH_RATE_LIMIT_WINDOW_SECONDS: int(60, 1, 86_400),

  EMAIL_TRANSPORT: choice('EMAIL_TRANSPORT'),
  PAYMENT_GATEWAY: choice('PAYMENT_GATEWAY'),
  PAYMENT_SIMULATED_DECLINE_ABOVE: int(50_000_000, 0, Number.MAX_SAFE_INTEGER),
  PAYMENT_SIMULATED_LATENCY_MS: int(0, 0, 60_000),
  PAYMENT_VERIFY_DELAY_SECONDS: int(600, 1, 86_400),
  ORDER_PAYMENT_TIMEOUT_MINUTES: int(30, 1, 10_080),
  SCHEDULE_INTERVAL_SECONDS: int(60, 1, 3600),
  OUTBOX_RETENTION_DAYS: int(7, 1, 3650),
  IDEMPOTENCY_KEY_RETENTION_HOURS: int(24, 1, 87_600),
  ORDER_MAX_QUANTITY_PER_ITEM: int(10, 1, 10_000),
  ORDER_MAX_ITEMS: int(20, 1, 500),
  ORDER_MAX_PENDING_PER_CUSTOMER: int(10, 0, 1_000_000),
  LOW_STOCK_THRESHOLD: int(5, 0, 1_000_000),
  MAX_PAGE_SIZE: int(100, 1, 1000),
});

export type EnvVariables = z.infer<typeof envSchema>;

/**
 * Secrets, read by name through SECRETS_PROVIDER (for `env`, from the environment). Their values never
 * appear in the configuration printout, logs or errors.
 */
export const SECRET_NAMES = {
  jwtSecret: 'JWT_SECRET',
  adminEmail: 'ADMIN_EMAIL',
  adminPassword: 'ADMIN_PASSWORD',
  postgresPassword: 'POSTGRES_PASSWORD',
  mysqlPassword: 'MYSQL_PASSWORD',
  oracleDbPassword: 'OCI_DB_PASSWORD',
  oracleWalletPassword: 'OCI_DB_WALLET_PASSWORD',
  supabaseServiceRoleKey: 'SUPABASE_SERVICE_ROLE_KEY',
  paymentGatewayApiKey: 'PAYMENT_GATEWAY_API_KEY',
} as const;
