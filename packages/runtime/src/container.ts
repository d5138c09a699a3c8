import {
  AuthService,
  CatalogService,
  CheckoutService,
  JobScheduler,
  OrderService,
  AddressBook,
  OutboxRelay,
  ReadThroughCache,
  createJobHandlers,
  registerJobHandlers,
  seedDemoCatalog,
} from '@bharatmart/core';
import type {
  ICacheAdapter,
  IDatabaseAdapter,
  ISecretsProvider,
  IWorkerAdapter,
  Logger,
  StoreSettings,
  User,
} from '@bharatmart/core';
import {
  SeamMetrics,
  instrumentCache,
  instrumentDatabase,
  instrumentSecrets,
  instrumentWorker,
} from '@bharatmart/telemetry';
import type { AppConfig } from './config/app-config.js';
import { HealthMonitor } from './health-monitor.js';
import type { MonitoredAdapter } from './health-monitor.js';
import { createCache } from './registry/cache-registry.js';
import { loadChosenBackends } from './registry/chosen-backends.js';
import { createEmailTransport } from './registry/email-registry.js';
import { createPaymentGateway } from './registry/payment-registry.js';
import {
  migrateConfiguredDatabase,
  refusedCertificate,
  servingDatabaseType,
} from './registry/primary-database.js';
import { createSecrets } from './registry/secrets-registry.js';
import { createWorker } from './registry/worker-registry.js';
import { createServingDatabase } from './switch/serving-database.js';
import type { DatabaseSwitchController } from './switch/switch-controller.js';
import {
  DEFAULT_ADMIN_EMAIL,
  resolveAdminCredentials,
  resolveJwtKey,
  resolvePaymentGatewayKey,
} from './startup-secrets.js';
import type { JwtKeySource } from './startup-secrets.js';

/** Which process is being composed: the API, or a standalone worker. */
export type ProcessRole = 'api' | 'worker';

/** Everything a process runs on, built from the configuration by `createContainer`. */
export interface Container {
  config: AppConfig;
  logger: Logger;
  db: IDatabaseAdapter;
  /** A live switch to the NEXT_ database, run inside this process (the admin endpoint). */
  databaseSwitch: DatabaseSwitchController;
  cache: ICacheAdapter;
  secrets: ISecretsProvider;
  /** The queue; absent when WORKER_MODE=none. */
  worker?: IWorkerAdapter;
  /** True when this process runs the job handlers. */
  runsJobs: boolean;
  relay?: OutboxRelay;
  /** Writes the scheduled jobs; present where jobs run. */
  scheduler?: JobScheduler;
  auth: AuthService;
  catalog: CatalogService;
  /** Hits, misses and bypassed errors of cached catalog reads. */
  cacheStats: ReadThroughCache['stats'];
  orders: OrderService;
  /** Payments at the provider's checkout (PAYMENT_PROVIDER=razorpay): checkout, callback, webhooks. */
  checkout: CheckoutService;
  /** Customers' saved shipping addresses. */
  addresses: AddressBook;
  jwtKey: JwtKeySource;
  admin?: User;
  /**
   * The health of the adapters this process needs (the API: all; a worker: its queue and database),
   * checked once per HEALTH_CHECK_INTERVAL_SECONDS; /readyz and /metrics read it from here.
   */
  health: HealthMonitor;
  /**
   * The metrics measured at the adapters (database calls, cache calls, job tries); a process's
   * `/metrics` merges `metrics.registry` into its own.
   */
  metrics: SeamMetrics;
  /** Stops jobs and the relay (waiting for running jobs up to `timeoutMs`), then closes every adapter. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Composes a process: secrets, database (migrated, and seeded on first start when enabled), cache,
 * queue, services and — for the worker, or for the API under WORKER_MODE=in-process — the job
 * handlers and the outbox relay. Anything that fails closes what was already opened.
 */
export async function createContainer(
  config: AppConfig,
  options: { env: Record<string, string | undefined>; logger: Logger; role: ProcessRole },
): Promise<Container> {
  const { logger, role } = options;
  const opened: { close(): Promise<void> }[] = [];
  const metrics = new SeamMetrics();
  const tracing = config.tracing.enabled;
  try {
    await loadChosenBackends(config);
    const secrets = await createSecrets(config.secrets, options.env, logger, (provider) =>
      instrumentSecrets(provider, { provider: provider.name, tracing }),
    );
    opened.push(secrets);
    const jwtKey = await resolveJwtKey(config, secrets, logger);
    const adminCredentials = await resolveAdminCredentials(config, secrets, logger);

    const { db: servingDb, switchController } = await createServingDatabase(config, {
      env: options.env,
      secrets,
      logger,
      requirePasswords: config.env === 'production',
    }).catch((error: unknown) => {
      throw refusedCertificate(error, config);
    });
    const db = instrumentDatabase(servingDb, {
      backend: () => servingDatabaseType(servingDb, config),
      metrics,
      tracing,
    });
    opened.push(db);
    const applied = await migrateConfiguredDatabase(db, config);
    if (applied.length > 0) logger.info({ applied }, 'database migrations applied');
    if (config.seedDemoData) {
      const seeded = await seedDemoCatalog(db);
      if (seeded > 0) logger.info({ products: seeded }, 'demo catalog seeded');
    }

    const cache = instrumentCache(await createCache(config.cache, logger), {
      cache: config.cache.type,
      metrics,
      tracing,
    });
    opened.push(cache);
    const queue = await createWorker(config.worker, logger);
    const worker = queue && instrumentWorker(queue, { metrics, tracing });
    if (worker) opened.push(worker);

    const settings: StoreSettings = {
      ...config.store,
      adminEmail: adminCredentials?.email ?? config.adminEmail ?? DEFAULT_ADMIN_EMAIL,
    };
    const readThrough = new ReadThroughCache(cache, logger.child({ component: 'cache' }));
    const catalog = new CatalogService(db, readThrough, settings);
    const auth = new AuthService(db);
    const orders = new OrderService(db, catalog, settings);
    const addresses = new AddressBook(db);
    const admin = adminCredentials
      ? await auth.ensureAdmin(adminCredentials.email, adminCredentials.password)
      : undefined;
    if (admin) {
      logger.info(
        { adminEmail: admin.email, emailFrom: adminCredentials?.emailSource },
        'bootstrap admin ready',
      );
    }

    const runsJobs = worker !== undefined && (role === 'worker' || config.worker.mode === 'in-process');
    // The jobs charge, refund and verify through the gateway; an API also needs it when customers pay
    // at the provider's checkout (the callback and the webhooks).
    const gateway =
      runsJobs || (role === 'api' && config.payment.checkout)
        ? await createPaymentGateway(config.payment, {
            secrets,
            logger,
            production: config.env === 'production',
            apiKey: () => resolvePaymentGatewayKey(config, secrets, logger),
          })
        : undefined;
    const checkout = new CheckoutService(
      db,
      catalog,
      orders,
      gateway,
      logger.child({ component: 'checkout' }),
    );
    if (worker && runsJobs && gateway) {
      const email = await createEmailTransport(config.email, {
        secrets,
        logger,
        production: config.env === 'production',
      });
      if (email.close) opened.push({ close: () => email.close?.() ?? Promise.resolve() });
      const handlers = createJobHandlers({
        db,
        catalog,
        settings,
        logger: logger.child({ component: 'jobs' }),
        gateway,
        email,
        renderInvoicePdf: async (invoice) =>
          (await import('@bharatmart/invoice-pdf')).renderInvoicePdf(invoice),
        retention: {
          outboxRetentionDays: config.retention.outboxDays,
          idempotencyKeyRetentionHours: config.retention.idempotencyKeyHours,
          pruneDispatched: worker.durable,
        },
      });
      registerJobHandlers(worker, handlers, {
        db,
        logger: logger.child({ component: 'jobs' }),
        concurrency: config.worker.concurrency,
      });
    }
    const relay = worker ? new OutboxRelay(db, worker, logger.child({ component: 'outbox' })) : undefined;
    const scheduler =
      runsJobs && relay
        ? new JobScheduler(db, logger.child({ component: 'schedule' }), {
            intervalMs: config.scheduleIntervalSeconds * 1000,
            onWritten: () => relay.kick(),
          })
        : undefined;

    const adapters: MonitoredAdapter[] = [
      { port: 'database', adapter: db },
      { port: 'cache', adapter: cache },
      { port: 'secrets', adapter: secrets },
      ...(worker ? [{ port: 'worker' as const, adapter: worker }] : []),
    ];
    const needed =
      role === 'worker' ? adapters.filter(({ port }) => port === 'database' || port === 'worker') : adapters;
    // Reads fall back to the database without the cache; an API that only enqueues keeps taking
    // orders while the queue is down (jobs wait in the outbox).
    const health = new HealthMonitor(needed, {
      intervalMs: config.healthCheckIntervalSeconds * 1000,
      optional: runsJobs ? ['cache'] : ['cache', 'worker'],
      logger: logger.child({ component: 'health' }),
    });

    return {
      config,
      logger,
      db,
      databaseSwitch: switchController,
      cache,
      secrets,
      ...(worker ? { worker } : {}),
      runsJobs,
      ...(relay ? { relay } : {}),
      ...(scheduler ? { scheduler } : {}),
      auth,
      catalog,
      cacheStats: readThrough.stats,
      orders,
      checkout,
      addresses,
      jwtKey,
      ...(admin ? { admin } : {}),
      health,
      metrics,
      async close(timeoutMs) {
        health.close();
        await scheduler?.stop();
        await relay?.stop();
        await worker?.stop({ timeoutMs });
        await closeAll([...opened].reverse(), logger);
      },
    };
  } catch (error) {
    await closeAll([...opened].reverse(), logger);
    throw error;
  }
}

/** Starts consuming jobs (if this process runs them), relaying the outbox and the job schedule. */
export async function startBackground(container: Container): Promise<void> {
  if (container.runsJobs) await container.worker?.start();
  await container.relay?.start();
  container.scheduler?.start();
}

async function closeAll(resources: { close(): Promise<void> }[], logger: Logger): Promise<void> {
  for (const resource of resources) {
    try {
      await resource.close();
    } catch (error) {
      logger.warn({ err: error }, 'error while closing an adapter');
    }
  }
}
