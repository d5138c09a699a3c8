import type { Kysely } from 'kysely';
import { measureHealth, type IDatabaseAdapter } from '@bharatmart/core';
import type { SqlAccessible } from './copy/sql-access.js';
import type { SqlDialectFeatures } from './dialect-features.js';
import { createEmailRepository } from './email-repository.js';
import { createAddressRepository } from './address-repository.js';
import { createInvoiceRepository } from './invoice-repository.js';
import { createMigrationRunner } from './migration-runner.js';
import { sqlMigrations, type SqlMigration } from './migrations/index.js';
import { createOrderRepository } from './order-repository.js';
import { createOutboxRepository } from './outbox-repository.js';
import { createPaymentRepository } from './payment-repository.js';
import { createProductRepository } from './product-repository.js';
import type { Database } from './schema.js';
import { SqlContext } from './sql-context.js';
import { createUserRepository } from './user-repository.js';

export interface SqlDatabaseOptions {
  /** The backend's name as configured (`pglite`, `postgresql`, …); names it in errors and health. */
  name: string;
  /** The Kysely instance of the backend's dialect. The adapter owns it: `close()` destroys it. */
  db: Kysely<Database>;
  /** What differs in this backend's SQL; `postgresFeatures` for everything that speaks PostgreSQL. */
  features: SqlDialectFeatures;
  /** Runs after the Kysely instance is destroyed, once, to release what the backend holds besides. */
  onClose?: () => Promise<void>;
  /** The migrations `migrations.latest()` applies; `sqlMigrations` unless a test needs others. */
  migrations?: readonly SqlMigration[];
  /**
   * Runs after every successful `migrations.latest()`, e.g. to set the role's statement timeout
   * (`applyRoleStatementTimeout`); its failure fails `latest()`.
   */
  afterMigrations?: (db: Kysely<Database>) => Promise<void>;
}

/**
 * The one SQL implementation of IDatabaseAdapter, over any Kysely dialect. Connects on first use
 * (the dialect's driver does), translates driver errors per `features`, reports health with
 * `select 1`, and closes once however often `close()` is called; after that every call fails
 * with AdapterError `UNAVAILABLE` and health reports `down`. Offers `sqlAccess` (see `hasSqlAccess`)
 * for tools that work on whole tables.
 */
export function createSqlDatabase(options: SqlDatabaseOptions): IDatabaseAdapter & SqlAccessible {
  const { name, db, features, onClose } = options;
  const ctx = new SqlContext(name, db, features);
  let closing: Promise<void> | undefined;

  return {
    name,
    products: createProductRepository(ctx),
    users: createUserRepository(ctx),
    orders: createOrderRepository(ctx),
    payments: createPaymentRepository(ctx),
    invoices: createInvoiceRepository(ctx),
    addresses: createAddressRepository(ctx),
    emails: createEmailRepository(ctx),
    outbox: createOutboxRepository(ctx),
    migrations: wrapRunner(
      ctx,
      createMigrationRunner(db, features, options.migrations ?? sqlMigrations),
      options.afterMigrations,
    ),
    sqlAccess: { db, features },
    // Built, not raw: Oracle before 23ai needs `from dual`, which its compiler adds.
    health: () => measureHealth(() => ctx.run(() => db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute())),
    close: () =>
      (closing ??= (async () => {
        ctx.markClosed();
        try {
          await db.destroy();
        } finally {
          await onClose?.();
        }
      })()),
  };
}

function wrapRunner(
  ctx: SqlContext,
  runner: IDatabaseAdapter['migrations'],
  afterMigrations: SqlDatabaseOptions['afterMigrations'],
): IDatabaseAdapter['migrations'] {
  return {
    latest: () =>
      ctx.run(async () => {
        const applied = await runner.latest();
        await afterMigrations?.(ctx.db);
        return applied;
      }),
    status: () => ctx.run(() => runner.status()),
    identity: () => ctx.run(() => runner.identity()),
  };
}
