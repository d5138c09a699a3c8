import { DEMO_SELLER, type SellerDetails } from '@bharatmart/core';
import type { PortBackend } from '../backends/descriptor.js';
import { parseBackend } from '../backends/parse-backend.js';
import { PORTS } from '../backends/ports.js';
import type {
  AppConfig,
  CacheBackendConfig,
  DatabaseConfig,
  EmailConfig,
  PaymentConfig,
  SecretsSource,
  WorkerBackendConfig,
} from './app-config.js';
import { CREDENTIALS } from './app-config.js';
import { ConfigError } from './config-error.js';
import type { ConfigIssue } from './config-error.js';
import { envSchema, generalSchema } from './env-schema.js';
import { databasePairIssue } from './database-pair.js';
import { describeIssue, withoutBlanks } from './parse-issues.js';
import { tracingOf } from './tracing-config.js';

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
  const bad = new Set(issues.map((issue) => issue.variable));
  const vars = generalSchema.parse(
    Object.fromEntries(Object.entries(given).filter(([name]) => !bad.has(name))),
  );
  const credentials: string[] = [];
  const build = <C>(
    backends: Record<string, PortBackend<C, unknown, never>>,
    choice: string,
    name: string,
  ): C => {
    const backend = backends[name];
    if (!backend) throw new Error(`no descriptor for ${choice}=${name}`);
    const result = parseBackend(backend, env, { because: `${choice}=${name}` });
    issues.push(...result.issues);
    credentials.push(...result.credentials);
    return result.config;
  };
  const { database: db, worker, cache, secrets, payments, email } = PORTS;
  const database = build<DatabaseConfig>(db.backends, db.choice, vars.DATABASE_TYPE);
  const databaseFallback =
    vars.DATABASE_FALLBACK_TYPE === 'none'
      ? undefined
      : build<DatabaseConfig>(db.backends, db.fallback, vars.DATABASE_FALLBACK_TYPE);
  const secretsFallback =
    vars.SECRETS_FALLBACK === 'none'
      ? undefined
      : build<SecretsSource>(secrets.backends, secrets.fallback, vars.SECRETS_FALLBACK);
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
    tracing: tracingOf(vars),
    database,
    ...(databaseFallback ? { databaseFallback } : {}),
    seedDemoData: vars.SEED_DEMO_DATA,
    worker: {
      ...build<WorkerBackendConfig>(worker.backends, worker.choice, vars.WORKER_MODE),
      concurrency: vars.WORKER_CONCURRENCY,
    },
    workerHealthPort: vars.WORKER_HEALTH_PORT,
    healthCheckIntervalSeconds: vars.HEALTH_CHECK_INTERVAL_SECONDS,
    scheduleIntervalSeconds: vars.SCHEDULE_INTERVAL_SECONDS,
    retention: {
      outboxDays: vars.OUTBOX_RETENTION_DAYS,
      idempotencyKeyHours: vars.IDEMPOTENCY_KEY_RETENTION_HOURS,
    },
    cache: {
      ...build<CacheBackendConfig>(cache.backends, cache.choice, vars.CACHE_TYPE),
      defaultTtlSeconds: vars.CACHE_DEFAULT_TTL_SECONDS,
    },
    secrets: {
      ...build<SecretsSource>(secrets.backends, secrets.choice, vars.SECRETS_PROVIDER),
      cacheTtlSeconds: vars.SECRETS_CACHE_TTL_SECONDS,
      ...(secretsFallback ? { fallback: secretsFallback } : {}),
    },
    auth: {
      issuer: vars.JWT_ISSUER,
      audience: vars.JWT_AUDIENCE,
      tokenTtlSeconds: vars.JWT_TTL_SECONDS,
      rateLimitMax: vars.AUTH_RATE_LIMIT_MAX,
      rateLimitWindowSeconds: vars.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    },
    email: build<EmailConfig>(email.backends, email.choice, vars.EMAIL_TRANSPORT),
    payment: build<PaymentConfig>(payments.backends, payments.choice, vars.PAYMENT_PROVIDER),
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
      seller: sellerOf(vars, issues, bad),
      invoicePrefix: vars.INVOICE_NUMBER_PREFIX,
    },
    ...(vars.ADMIN_EMAIL ? { adminEmail: vars.ADMIN_EMAIL } : {}),
    [CREDENTIALS]: credentials,
  };
  if (secretsFallback?.provider === config.secrets.provider) {
    issues.push({ variable: 'SECRETS_FALLBACK', message: 'must differ from SECRETS_PROVIDER' });
  }
  if (databaseFallback) {
    const pair = databasePairIssue(database.type, databaseFallback.type);
    if (pair) issues.push(pair);
  }
  if (issues.length > 0) throw new ConfigError(unique(issues));
  return config;
}

const SELLER_VARIABLES = ['STORE_LEGAL_NAME', 'STORE_GSTIN', 'STORE_ADDRESS'] as const;

/**
 * The seller printed on tax invoices: from STORE_LEGAL_NAME, STORE_GSTIN, STORE_ADDRESS (all or
 * none) and STORE_STATE_CODE (the GSTIN's first two digits unless given, and then equal to them).
 * With none, the demo seller outside production; production reports each missing variable.
 */
function sellerOf(
  vars: {
    NODE_ENV: string;
    STORE_LEGAL_NAME?: string | undefined;
    STORE_GSTIN?: string | undefined;
    STORE_STATE_CODE?: string | undefined;
    STORE_ADDRESS?: string | undefined;
  },
  issues: ConfigIssue[],
  bad: ReadonlySet<string>,
): SellerDetails {
  const given = SELLER_VARIABLES.filter((name) => vars[name] !== undefined || bad.has(name));
  if (given.length === 0 && vars.NODE_ENV !== 'production') return DEMO_SELLER;
  for (const name of SELLER_VARIABLES.filter((missing) => !given.includes(missing))) {
    const message =
      given.length === 0
        ? 'is required in production (the seller on tax invoices)'
        : `is required with ${given.join(' and ')} (the seller on tax invoices)`;
    issues.push({ variable: name, message });
  }
  const gstin = vars.STORE_GSTIN ?? DEMO_SELLER.gstin;
  const stateCode = vars.STORE_STATE_CODE ?? gstin.slice(0, 2);
  if (vars.STORE_GSTIN && stateCode !== gstin.slice(0, 2)) {
    issues.push({
      variable: 'STORE_STATE_CODE',
      message: `must be ${gstin.slice(0, 2)}, the state code of STORE_GSTIN (not ${stateCode})`,
    });
  }
  return {
    legalName: vars.STORE_LEGAL_NAME ?? DEMO_SELLER.legalName,
    gstin,
    stateCode,
    address: vars.STORE_ADDRESS ?? DEMO_SELLER.address,
  };
}

function parseTrustProxy(value: string): boolean | string[] {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** A variable's problem once, though the full schema and its backend both reported it. */
function unique(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.variable}\0${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
